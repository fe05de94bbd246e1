// What the player knows of the world right now: the room they are in (its
// name, exits, items and the other players there), what they carry and who
// is online.
//
// The server sends the room whole after `look`, every move, and every take
// or drop, to the tab that typed the command and (as a `self` event) to the
// account's other tabs; the who list after `who` and the inventory after
// `inventory`. Events in between carry enough (`from`, `item`) to keep the
// room current without parsing any text, and `presence` events keep the
// who list current.

export class Surroundings {
  // `onChange()` hears of every change.
  constructor(onChange) {
    this.onChange = onChange;
    this.me = null;
    this.room = null;
    this.online = [];
    this.carried = [];
  }

  // Whose surroundings these are: the player's own name is never offered.
  setPlayer(name) {
    this.me = name;
  }

  setRoom(room) {
    this.room = {
      id: room.id,
      name: room.name,
      exits: [...room.exits],
      items: [...room.items],
      players: [...room.players],
      npcs: [...(room.npcs ?? [])],
    };
    this.onChange();
  }

  setCarried(items) {
    this.carried = [...items];
  }

  setOnline(players) {
    this.online = sortedNames(players);
    this.onChange();
  }

  // A `presence` event: who came online and who went offline, anywhere.
  applyPresence({ online, offline }) {
    const gone = Array.isArray(offline) ? offline.filter((name) => typeof name === "string") : [];
    const come = Array.isArray(online) ? online.filter((name) => typeof name === "string") : [];
    const staying = this.online.filter((name) => !gone.some((each) => sameName(each, name)));
    this.online = sortedNames([...staying.filter((name) => !come.some((each) => sameName(each, name))), ...come]);
    this.onChange();
  }

  forget() {
    this.me = null;
    this.room = null;
    this.online = [];
    this.carried = [];
    this.onChange();
  }

  // An event from the server, as far as it changes what the player sees.
  witness({ type, from, item }) {
    const changed = typeof item === "string" ? this.itemMoved(type, item) : this.playerMoved(type, from);
    if (changed) this.onChange();
  }

  playerMoved(type, name) {
    if (typeof name !== "string") return false;
    const room = this.room ?? { players: [] };
    switch (type) {
      case "connect":
        this.online = sortedNames([...without(this.online, name), name]);
        room.players = [...without(room.players, name), name];
        return true;
      case "disconnect":
        this.online = without(this.online, name);
        room.players = without(room.players, name);
        return true;
      case "arrive":
        room.players = [...without(room.players, name), name];
        return true;
      case "leave":
        room.players = without(room.players, name);
        return true;
      default:
        return false;
    }
  }

  itemMoved(type, item) {
    if (!this.room) return false;
    switch (type) {
      case "take":
        this.room.items = withoutOne(this.room.items, item);
        return true;
      case "drop":
        this.room.items = [...this.room.items, item];
        return true;
      default:
        return false;
    }
  }

  get exits() {
    return this.room?.exits ?? [];
  }

  // The words worth completing after `command` (a command's name, or null
  // for a word the server did not list): after "examine" or "look" the
  // things and people in sight, after "go" the exits, after "tell" the
  // players, after "take" what lies here, after "drop" what is carried;
  // after anything else all of these. Never the player's own name.
  namesAfter(command) {
    const room = this.room ?? { exits: [], items: [], players: [], npcs: [] };
    const npcs = room.npcs ?? [];
    const players = [...room.players, ...this.online];
    const inSight = [...room.items, ...this.carried, ...npcs, ...room.players];
    const byCommand = new Map([
      ["examine", inSight],
      ["look", inSight],
      ["go", room.exits],
      ["tell", players],
      ["ask", npcs],
      ["take", room.items],
      ["drop", this.carried],
    ]);
    const choices = byCommand.get(command) ?? [...room.exits, ...room.items, ...this.carried, ...npcs, ...players];
    return [...new Set(choices)].filter((name) => this.me === null || !sameName(name, this.me));
  }
}

function sameName(a, b) {
  return a.toLowerCase() === b.toLowerCase();
}

function without(names, name) {
  return names.filter((each) => !sameName(each, name));
}

function withoutOne(items, item) {
  const index = items.indexOf(item);
  return index === -1 ? items : [...items.slice(0, index), ...items.slice(index + 1)];
}

function sortedNames(names) {
  return [...names].sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" }));
}

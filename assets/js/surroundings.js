// What the player knows of the world right now: the room they are in (its
// name, exits, items and the other players there), what they carry, who is
// online and the commands the server understands.
//
// The server sends the room whole after `look`, every move, and every take
// or drop; the who list after `who`, the inventory after `inventory` and the
// commands after `help`. Events in between carry enough (`from`, `item`) to
// keep the room current without parsing any text. Comings and goings are
// only told to the room, so the who list is also asked for now and then.

export class Surroundings {
  // `onChange()` hears of every change.
  constructor(onChange) {
    this.onChange = onChange;
    this.room = null;
    this.online = [];
    this.carried = [];
    this.commands = [];
  }

  setRoom(room) {
    this.room = {
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

  setCommands(commands) {
    this.commands = [...commands];
  }

  setOnline(players) {
    this.online = sortedNames(players);
    this.onChange();
  }

  forget() {
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

  // Every word the player might want completed: exits, items here and
  // carried, the people here (NPCs and players) and everyone online.
  names() {
    const room = this.room ?? { exits: [], items: [], players: [], npcs: [] };
    return [...new Set([...room.exits, ...room.items, ...this.carried, ...room.npcs, ...room.players, ...this.online])];
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

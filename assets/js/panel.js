// The side panel: the room the player is in and who is online, drawn from
// `Surroundings`, every name a button, and the settings. On a narrow screen
// it folds away behind a toggle in the header and opens over the game
// text, with its own Close button (Escape closes it too).

const NARROW = window.matchMedia("(max-width: 47.99rem)");

export class Panel {
  // `act` holds what the buttons do: go(exit), examine(name), tell(player).
  constructor(surroundings, act) {
    this.surroundings = surroundings;
    this.act = act;
    this.panel = document.getElementById("panel");
    this.toggle = document.getElementById("panel-toggle");
    this.roomName = document.getElementById("room-name");
    this.exits = document.getElementById("room-exits");
    this.items = document.getElementById("room-items");
    this.players = document.getElementById("room-players");
    this.online = document.getElementById("online-players");
    this.onlineCount = document.getElementById("online-count");
    this.toggle.addEventListener("click", () => this.setOpen(!this.isOpen));
    document.getElementById("panel-close").addEventListener("click", () => this.close());
    this.panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && this.isOpen) this.close();
    });
  }

  // Folds the panel away, handing the focus back to the toggle that opened it.
  close() {
    this.setOpen(false);
    this.toggle.focus();
  }

  get isOpen() {
    return this.toggle.getAttribute("aria-expanded") === "true";
  }

  setOpen(open) {
    this.toggle.setAttribute("aria-expanded", String(open));
    this.panel.classList.toggle("open", open);
  }

  render() {
    const { room, online } = this.surroundings;
    this.roomName.textContent = room?.name ?? "";
    fill(this.exits, room?.exits ?? [], (exit) => this.button(exit, "Go", () => this.act.go(exit)));
    fill(this.items, room?.items ?? [], (item) => this.button(item, "Examine", () => this.act.examine(item)));
    const people = [...(room?.npcs ?? []), ...(room?.players ?? [])];
    fill(this.players, people, (person) => this.button(person, "Examine", () => this.act.examine(person)));
    fill(this.online, online, (player) => this.button(player, "Tell", () => this.act.tell(player)));
    this.onlineCount.textContent = online.length > 0 ? `(${online.length})` : "";
  }

  // A button showing `name` that does `verb` to it.
  button(name, verb, action) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name;
    button.title = `${verb} ${name}`;
    button.setAttribute("aria-label", button.title);
    button.addEventListener("click", () => {
      // On a narrow screen the panel covers the game text; get out of the way.
      if (NARROW.matches) this.setOpen(false);
      action();
    });
    return button;
  }
}

function fill(list, names, makeButton) {
  list.replaceChildren(
    ...names.map((name) => {
      const item = document.createElement("li");
      item.append(makeButton(name));
      return item;
    }),
  );
}

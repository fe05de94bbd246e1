// The game text: a bounded scrollback of lines, each styled by what it is.
//
// Everything from the server goes in with `textContent`, never as HTML. The
// view follows new lines while the player is at the bottom; once they scroll
// up to read, it stays put and a button counts what arrived below, until they
// jump back down or send a command.

// Lines kept; older ones are dropped from the top.
const SCROLLBACK_LINES = 2000;

// How close to the bottom (in pixels) still counts as "at the bottom".
const BOTTOM_SLACK_PX = 24;

// Line kinds the stylesheet knows; anything else shows as a plain event.
const KINDS = new Set([
  "say", "emote", "tell", "shout", "channel", "arrive", "leave", "give", "take", "drop",
  "connect", "disconnect", "system", "status", "error", "command", "response", "note",
]);

export class Output {
  // `onLine(kind)` hears of every line added.
  constructor(log, jumpButton, onLine) {
    this.log = log;
    this.jumpButton = jumpButton;
    this.onLine = onLine;
    this.unseen = 0;
    this.currentExits = [];
    log.addEventListener("scroll", () => this.noticeScroll());
    jumpButton.addEventListener("click", () => this.follow());
  }

  // A line of `kind` (an event type, "command", "response", "note"...).
  line(kind, text) {
    const line = document.createElement("div");
    line.className = `line ${KINDS.has(kind) ? kind : "event"}`;
    line.textContent = text;
    this.add(line, kind);
  }

  // A room description, shaped by the room's data: its name stands out and
  // its exits are buttons that call `go(exit)`.
  room(text, room, go) {
    const lines = text.split("\n");
    const block = document.createElement("div");
    block.className = "line room";
    const name = lines[0] === room.name ? lines.shift() : room.name;
    block.append(element("div", "room-name", name));
    const hasExitsLine = room.exits.length > 0 && lines.at(-1)?.startsWith("Exits:");
    if (hasExitsLine) lines.pop();
    if (lines.length > 0) {
      block.append(element("div", "room-text", lines.join("\n")));
    }
    this.retireExits();
    if (hasExitsLine) {
      block.append(this.exitButtons(room.exits, go));
    }
    this.add(block, "response");
  }

  // Drops every line.
  clear() {
    this.log.replaceChildren();
    this.currentExits = [];
    this.follow();
  }

  // Scrolls to the newest line, so the view follows new ones again.
  follow() {
    this.log.scrollTop = this.log.scrollHeight;
    this.caughtUp();
  }

  // Scrolls by most of a screen, up (-1) or down (+1).
  page(direction) {
    this.log.scrollBy({ top: direction * this.log.clientHeight * 0.9 });
  }

  exitButtons(exits, go) {
    const row = element("div", "room-exits", "Exits: ");
    exits.forEach((exit, index) => {
      const button = element("button", "exit", exit);
      button.type = "button";
      button.addEventListener("click", () => go(exit));
      row.append(button, index === exits.length - 1 ? "." : ", ");
      this.currentExits.push(button);
    });
    return row;
  }

  // Exits of rooms the player has since left lead nowhere from here.
  retireExits() {
    for (const button of this.currentExits) {
      button.disabled = true;
    }
    this.currentExits = [];
  }

  add(element, kind) {
    const wasAtBottom = this.isAtBottom();
    this.log.append(element);
    while (this.log.childElementCount > SCROLLBACK_LINES) {
      this.log.firstElementChild.remove();
    }
    if (wasAtBottom) {
      this.log.scrollTop = this.log.scrollHeight;
    } else {
      this.unseen += 1;
      this.jumpButton.textContent = `${this.unseen} new line${this.unseen === 1 ? "" : "s"} below`;
      this.jumpButton.hidden = false;
    }
    this.onLine(kind);
  }

  noticeScroll() {
    if (this.isAtBottom()) this.caughtUp();
  }

  caughtUp() {
    this.unseen = 0;
    this.jumpButton.hidden = true;
  }

  isAtBottom() {
    const { scrollTop, clientHeight, scrollHeight } = this.log;
    return scrollHeight - scrollTop - clientHeight <= BOTTOM_SLACK_PX;
  }
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

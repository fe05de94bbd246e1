// The game text: a bounded scrollback of lines, each styled by what it is.
//
// Everything from the server goes in with `textContent`, never as HTML. The
// view follows new lines while the player is at the bottom, and keeps the
// newest lines in view when it shrinks (a phone's keyboard opening); once
// the player scrolls up to read, it stays put and a button counts what
// arrived below, until they jump back down or send a command.
//
// A line may carry marks: `replayed` (the server sent it again after a
// reconnection: the player was away when it happened) and `fromOtherTab`
// (what another tab of the same account was told). Each shows as a style
// and, for screen readers, as words.

// Lines kept; older ones are dropped from the top.
const SCROLLBACK_LINES = 2000;

// How close to the bottom (in pixels) still counts as "at the bottom".
const BOTTOM_SLACK_PX = 24;

// Line kinds the stylesheet knows; anything else shows as a plain event.
const KINDS = new Set([
  "say", "emote", "tell", "shout", "channel", "arrive", "leave", "give", "take", "drop",
  "connect", "disconnect", "system", "status", "error", "command", "response", "note", "self",
]);

export class Output {
  // `onLine(kind)` hears of every line added.
  constructor(log, jumpButton, onLine) {
    this.log = log;
    this.jumpButton = jumpButton;
    this.onLine = onLine;
    this.unseen = 0;
    this.currentExits = [];
    this.pinned = true;
    this.inReplayRun = false;
    log.addEventListener("scroll", () => this.noticeScroll());
    jumpButton.addEventListener("click", () => this.follow());
    // Whatever changes the log's size (the window, a phone's keyboard through
    // the visual viewport, the command line growing), the newest lines stay
    // in view while the player was reading them.
    new ResizeObserver(() => {
      if (this.pinned) this.log.scrollTop = this.log.scrollHeight;
    }).observe(log);
  }

  // A line of `kind` (an event type, "command", "response", "note"...).
  line(kind, text, marks = {}) {
    const line = this.block(KINDS.has(kind) ? kind : "event", marks);
    line.append(text);
    this.add(line, kind);
  }

  // The notice that some lines are lost: the server no longer had them all
  // when the page reconnected.
  gap(text) {
    const line = this.block("gap", {});
    line.append(text);
    this.add(line, "gap");
  }

  // A room description (`text`, whose first line is the room's name), drawn
  // from the room's data: its name stands out and its exits are buttons that
  // call `go(exit)`. The text's last line is dropped when it lists the
  // exits, since the buttons do. A replayed room is one the player has
  // been in, not necessarily the one they are in: its exits are shown, but
  // lead nowhere.
  room(text, room, go, marks = {}) {
    const lines = text.split("\n").slice(1);
    const block = this.block("room", marks);
    block.append(element("div", "room-name", room.name));
    if (room.exits.length > 0 && mentionsInOrder(lines.at(-1), room.exits)) lines.pop();
    if (lines.length > 0) {
      block.append(element("div", "room-text", lines.join("\n")));
    }
    if (!marks.replayed) this.retireExits();
    if (room.exits.length > 0) {
      block.append(this.exitButtons(room.exits, go, { live: !marks.replayed }));
    }
    this.add(block, marks.fromOtherTab ? "self" : "response");
  }

  // Drops every line.
  clear() {
    this.log.replaceChildren();
    this.currentExits = [];
    this.inReplayRun = false;
    this.follow();
  }

  // Scrolls to the newest line, so the view follows new ones again.
  follow() {
    this.log.scrollTop = this.log.scrollHeight;
    this.pinned = true;
    this.caughtUp();
  }

  // Scrolls by most of a screen, up (-1) or down (+1).
  page(direction) {
    this.log.scrollBy({ top: direction * this.log.clientHeight * 0.9 });
  }

  // A line's element, with its marks; the first replayed line after live
  // ones says (to screen readers) that the player was away.
  block(kind, { replayed = false, fromOtherTab = false }) {
    const line = document.createElement("div");
    line.className = `line ${kind}`;
    if (replayed) line.classList.add("replayed");
    if (fromOtherTab) line.classList.add("self");
    const words = [];
    if (replayed && !this.inReplayRun) words.push("While you were away:");
    if (fromOtherTab) words.push("In your other tab:");
    if (words.length > 0) line.append(element("span", "visually-hidden mark", `${words.join(" ")} `));
    this.inReplayRun = replayed;
    return line;
  }

  exitButtons(exits, go, { live }) {
    const row = element("div", "room-exits", "Exits: ");
    exits.forEach((exit, index) => {
      const button = element("button", "exit", exit);
      button.type = "button";
      button.addEventListener("click", () => go(exit));
      row.append(button, index === exits.length - 1 ? "." : ", ");
      if (live) this.currentExits.push(button);
      else button.disabled = true;
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
      this.pinned = true;
    } else {
      this.unseen += 1;
      this.jumpButton.textContent = `${this.unseen} new line${this.unseen === 1 ? "" : "s"} below`;
      this.jumpButton.hidden = false;
    }
    this.onLine(kind);
  }

  noticeScroll() {
    this.pinned = this.isAtBottom();
    if (this.pinned) this.caughtUp();
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

// Whether `text` is a room's description: it starts with the room's name.
// A take or drop answer also carries the room, but is no description.
export function describesRoom(text, room) {
  return typeof text === "string" && text.split("\n")[0] === room.name;
}

// Whether `line` names every one of `words`, whole and in order.
function mentionsInOrder(line, words) {
  if (typeof line !== "string") return false;
  const lower = line.toLowerCase();
  let from = 0;
  for (const word of words) {
    const at = findWord(lower, word.toLowerCase(), from);
    if (at === -1) return false;
    from = at + word.length;
  }
  return true;
}

function findWord(text, word, from) {
  for (let at = text.indexOf(word, from); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1] ?? " ";
    const after = text[at + word.length] ?? " ";
    if (!/[\p{L}\p{N}_-]/u.test(before) && !/[\p{L}\p{N}_-]/u.test(after)) return at;
  }
  return -1;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

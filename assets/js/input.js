// The command line: Enter sends, Shift+Enter starts a new line, Up and Down
// walk the history (from the first and the last line of what is typed),
// Tab completes (and cycles through the choices when several fit), Escape
// clears, Page Up and Page Down scroll the game text. Typing anywhere on the
// game screen lands here, so the player never has to click back into it.
//
// It is a text area, so a pasted block keeps its lines, and the player sees
// them before sending: each line is one command. It grows with them, up to
// a few rows. Below it, a hint warns as a command nears the server's limits.

import { commandStart, lengthHint } from "./compose.js";
import { complete } from "./completion.js";

// Devices with a mouse and keyboard; elsewhere focusing the command line
// would pop up an on-screen keyboard the player did not ask for.
const KEYBOARD_FIRST = window.matchMedia("(hover: hover) and (pointer: fine)");

// The most rows the command line grows to; longer text scrolls inside it.
const MOST_ROWS = 6;

export class CommandLine {
  // `send(text)` runs what was typed and returns `{ sent, kept }`: the text
  // that went out (for the history) and the text left on the line;
  // `firstWords()` gives what Tab may offer for a command's first word and
  // `names(word)` what it may offer after that first word; `scroll(direction)` pages the game
  // text; `announce(text)` speaks in the screen-reader mode; `settings` and
  // `table` (the command table) shape the length hint.
  constructor({ send, firstWords, names, scroll, announce, settings, table }) {
    this.form = document.getElementById("command-form");
    this.input = document.getElementById("command");
    this.hint = document.getElementById("command-limit");
    Object.assign(this, { send, firstWords, names, scroll, announce, settings, table });
    this.history = null;
    this.cycle = null;
    this.hintLevel = null;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    // Pressing Send leaves the focus, and a phone's keyboard, on the line.
    this.form.querySelector("button").addEventListener("mousedown", (event) => event.preventDefault());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.input.addEventListener("input", () => {
      this.cycle = null;
      this.changed();
    });
    document.addEventListener("keydown", (event) => this.catchStrayTyping(event));
    document.getElementById("output").addEventListener("click", (event) => this.returnFromClick(event));
  }

  // Whose history to walk; set on entering the game.
  useHistory(history) {
    this.history = history;
  }

  // Puts `text` on the line for the player to finish.
  prefill(text) {
    this.setValue(text);
    this.focus({ evenOnTouch: true });
  }

  // Puts back `command`, which could not be sent, after whatever is there.
  restore(command) {
    this.setValue(this.input.value.trim() === "" ? command : `${this.input.value}\n${command}`);
  }

  focus({ evenOnTouch = false } = {}) {
    if (evenOnTouch || KEYBOARD_FIRST.matches) this.input.focus();
  }

  // A character typed while focus is elsewhere on the game screen (not in a
  // field, and not Space on a button, which presses it) goes to the line.
  catchStrayTyping(event) {
    const target = event.target;
    const isTyping = event.key.length === 1 && !event.altKey && !event.ctrlKey && !event.metaKey;
    if (!isTyping || event.defaultPrevented || this.form.closest("[hidden]")) return;
    if (target.closest("input, textarea, select, [contenteditable]")) return;
    if (event.key === " " && target.closest("button")) return;
    this.input.focus();
  }

  // A click in the game text that selected nothing hands focus back.
  returnFromClick(event) {
    if (event.target.closest("button") || !document.getSelection().isCollapsed) return;
    this.focus();
  }

  submit() {
    const text = this.input.value;
    if (text.trim() === "") return;
    const { sent, kept } = this.send(text);
    if (sent !== "") this.history?.add(sent);
    if (kept !== text) this.setValue(kept);
  }

  onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "Enter":
        if (!event.shiftKey && !event.isComposing) {
          event.preventDefault();
          this.submit();
        }
        break;
      case "ArrowUp":
        if (this.caretOnFirstLine()) this.recall(this.history?.older(this.input.value), event);
        break;
      case "ArrowDown":
        if (this.caretOnLastLine()) this.recall(this.history?.newer(), event);
        break;
      case "Tab":
        if (!event.shiftKey && this.input.value !== "") {
          event.preventDefault();
          this.completeWord();
        }
        break;
      case "Escape":
        this.setValue("");
        this.history?.rewind();
        break;
      case "PageUp":
      case "PageDown":
        event.preventDefault();
        this.scroll(event.key === "PageUp" ? -1 : 1);
        break;
      default:
    }
  }

  caretOnFirstLine() {
    return !this.input.value.slice(0, this.input.selectionStart).includes("\n");
  }

  caretOnLastLine() {
    return !this.input.value.slice(this.input.selectionEnd).includes("\n");
  }

  recall(text, event) {
    event.preventDefault();
    if (text === null || text === undefined) return;
    this.setValue(text);
  }

  // Completes the word before the caret; a Tab right after another one moves
  // on to the next choice.
  completeWord() {
    const value = this.input.value;
    const caret = this.input.selectionStart ?? value.length;
    if (this.cycle && value === this.cycle.shown && caret === this.cycle.caret) {
      this.cycle.index = (this.cycle.index + 1) % this.cycle.options.length;
    } else {
      const start = commandStart(value, caret, { stacking: this.settings.get("stacking") });
      const command = value.slice(start, caret).replace(/^\s+/, "");
      const head = value.slice(0, caret - command.length);
      const found = complete(command, { first: this.firstWords(), later: this.names });
      if (!found) {
        this.announce("No completion.");
        return;
      }
      this.cycle = {
        head: head + command.slice(0, found.start),
        tail: value.slice(caret),
        options: found.options,
        index: 0,
      };
    }
    const { head, tail, options, index } = this.cycle;
    const completed = head + options[index];
    this.setValue(completed + tail, completed.length);
    this.cycle.shown = this.input.value;
    this.cycle.caret = completed.length;
    this.announce(options.length === 1 ? options[index] : `${options[index]}, ${index + 1} of ${options.length}`);
  }

  setValue(text, caret = text.length) {
    this.input.value = text;
    this.input.setSelectionRange(caret, caret);
    this.changed();
  }

  // As tall as its text, lines and wrapping included, up to MOST_ROWS rows.
  fitHeight() {
    this.input.style.height = "";
    // Not laid out (the game screen is hidden): its one row will do.
    if (this.input.scrollHeight === 0) return;
    const style = getComputedStyle(this.input);
    const borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
    const padding = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom);
    const tallest = MOST_ROWS * parseFloat(style.lineHeight) + padding + borders;
    this.input.style.height = `${Math.min(this.input.scrollHeight + borders, tallest)}px`;
  }

  // The line's text changed: fit its height, and warn of the limits.
  changed() {
    const text = this.input.value;
    this.fitHeight();
    const hint = lengthHint(text, { stacking: this.settings.get("stacking"), table: this.table });
    this.hint.hidden = hint === null;
    this.hint.textContent = hint?.message ?? "";
    this.hint.dataset.level = hint?.level ?? "";
    if (hint?.level === "over" && this.hintLevel !== "over") this.announce(hint.message);
    this.hintLevel = hint?.level ?? null;
  }
}

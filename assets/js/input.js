// The command line: Enter sends, Up and Down walk the history, Tab completes
// (and cycles through the choices when several fit), Escape clears, Page Up
// and Page Down scroll the game text. Typing anywhere on the game screen
// lands here, so the player never has to click back into it.

import { complete } from "./completion.js";

// Devices with a mouse and keyboard; elsewhere focusing the command line
// would pop up an on-screen keyboard the player did not ask for.
const KEYBOARD_FIRST = window.matchMedia("(hover: hover) and (pointer: fine)");

export class CommandLine {
  // `send(text)` runs a command; `names()` gives `{ commands, exits, names }`;
  // `scroll(direction)` pages the game text.
  constructor({ send, names, scroll }) {
    this.form = document.getElementById("command-form");
    this.input = document.getElementById("command");
    this.send = send;
    this.names = names;
    this.scroll = scroll;
    this.history = null;
    this.cycle = null;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
    // Pressing Send leaves the focus, and a phone's keyboard, on the line.
    this.form.querySelector("button").addEventListener("mousedown", (event) => event.preventDefault());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.input.addEventListener("input", () => { this.cycle = null; });
    document.addEventListener("keydown", (event) => this.catchStrayTyping(event));
    document.getElementById("output").addEventListener("click", (event) => this.returnFromClick(event));
  }

  // Whose history to walk; set on entering the game.
  useHistory(history) {
    this.history = history;
  }

  // Puts `text` on the line for the player to finish.
  prefill(text) {
    this.input.value = text;
    this.focus({ evenOnTouch: true });
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
    if (this.send(text)) {
      this.history?.add(text);
      this.input.value = "";
    }
  }

  onKey(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    switch (event.key) {
      case "ArrowUp":
        this.recall(this.history?.older(this.input.value), event);
        break;
      case "ArrowDown":
        this.recall(this.history?.newer(), event);
        break;
      case "Tab":
        if (!event.shiftKey && this.input.value !== "") {
          event.preventDefault();
          this.completeWord();
        }
        break;
      case "Escape":
        this.input.value = "";
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

  recall(text, event) {
    event.preventDefault();
    if (text === null || text === undefined) return;
    this.setValue(text);
  }

  // Completes the word before the caret; a Tab right after another one moves
  // on to the next choice.
  completeWord() {
    const caret = this.input.selectionStart ?? this.input.value.length;
    if (this.cycle && this.input.value === this.cycle.shown && caret === this.cycle.caret) {
      this.cycle.index = (this.cycle.index + 1) % this.cycle.options.length;
    } else {
      const before = this.input.value.slice(0, caret);
      const found = complete(before, this.names());
      if (!found) return;
      this.cycle = {
        head: before.slice(0, found.start),
        tail: this.input.value.slice(caret),
        options: found.options,
        index: 0,
      };
    }
    const { head, tail, options, index } = this.cycle;
    const completed = head + options[index];
    this.setValue(completed + tail, completed.length);
    this.cycle.shown = this.input.value;
    this.cycle.caret = completed.length;
  }

  setValue(text, caret = text.length) {
    this.input.value = text;
    this.input.setSelectionRange(caret, caret);
  }
}

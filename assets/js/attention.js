// Whether the player is looking at the page: its tab is shown and its
// window has the focus. A line that arrives while they are not is unread
// (the title and the favicon count it) and a tell may deserve a
// notification. A window merely left unfocused (the player reading another
// window beside it) counts as not looking, as well as a hidden tab.

export class Attention {
  constructor() {
    this.focused = document.hasFocus();
    this.listeners = [];
    window.addEventListener("focus", () => this.update(true));
    window.addEventListener("blur", () => this.update(false));
    document.addEventListener("visibilitychange", () => this.update(this.focused));
  }

  get isLooking() {
    return this.focused && !document.hidden;
  }

  // `listener()` hears whenever the player looks back at the page.
  onReturn(listener) {
    this.listeners.push(listener);
  }

  update(focused) {
    this.focused = focused;
    if (this.isLooking) {
      for (const listener of this.listeners) listener();
    }
  }
}

// The tab's title and icon: the world's name, and while the player is not
// looking (the tab hidden or the window unfocused) a count of the lines
// that arrived since, like "(3) Emberwick · Hearth", with the same count as
// a badge on the favicon.

import { FaviconBadge } from "./favicon.js";

export class Title {
  constructor(attention) {
    this.attention = attention;
    this.world = "Hearth";
    this.unread = 0;
    this.badge = new FaviconBadge(document.querySelector("link[rel=icon]"));
    attention.onReturn(() => this.markRead());
  }

  setWorld(name) {
    this.world = name;
    this.show();
  }

  // A line arrived; counts only while the player is not looking.
  noteLine() {
    if (this.attention.isLooking) return;
    this.unread += 1;
    this.show();
  }

  markRead() {
    if (this.unread === 0) return;
    this.unread = 0;
    this.show();
  }

  show() {
    const name = this.world === "Hearth" ? "Hearth" : `${this.world} · Hearth`;
    document.title = this.unread > 0 ? `(${this.unread}) ${name}` : name;
    this.badge.show(this.unread);
  }
}

// The tab's title: the world's name, and while the tab is in the background
// a count of the lines that arrived since, like "(3) Emberwick · Hearth".

export class Title {
  constructor() {
    this.world = "Hearth";
    this.unread = 0;
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) this.markRead();
    });
  }

  setWorld(name) {
    this.world = name;
    this.show();
  }

  // A line arrived; counts only while the player cannot see it.
  noteLine() {
    if (!document.hidden) return;
    this.unread += 1;
    this.show();
  }

  markRead() {
    this.unread = 0;
    this.show();
  }

  show() {
    const name = this.world === "Hearth" ? "Hearth" : `${this.world} · Hearth`;
    document.title = this.unread > 0 ? `(${this.unread}) ${name}` : name;
  }
}

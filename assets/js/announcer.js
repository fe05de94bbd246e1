// Spoken announcements for the screen-reader mode: a visually hidden live
// region that tells of what a sighted player sees at a glance elsewhere on
// the screen (the connection dropping and coming back, what Tab completed,
// a command line growing too long). Outside that mode it stays quiet; the
// game text is a live log region in every mode.

export class Announcer {
  constructor(region) {
    this.region = region;
    this.enabled = false;
  }

  setEnabled(enabled) {
    this.enabled = enabled;
    if (!enabled) this.region.replaceChildren();
  }

  // Says `text`, even when it repeats the last announcement: each one is a
  // new node, which a live region announces.
  say(text) {
    if (!this.enabled) return;
    const announcement = document.createElement("span");
    announcement.textContent = text;
    this.region.replaceChildren(announcement);
  }
}

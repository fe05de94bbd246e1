// The Settings section of the side panel: a check box for each setting,
// kept in step with `Settings` (which another tab may change too).
// Turning notifications on is when the browser is asked for permission; when
// it is refused, the box turns off again and says why.

import { Notifier } from "./notify.js";

const BOXES = {
  stacking: "setting-stacking",
  screenReader: "setting-screen-reader",
  notifications: "setting-notifications",
};

export class SettingsForm {
  constructor(settings, notifier) {
    this.settings = settings;
    this.notifier = notifier;
    this.note = document.getElementById("settings-note");
    this.boxes = Object.fromEntries(
      Object.entries(BOXES).map(([name, id]) => [name, document.getElementById(id)]),
    );
    for (const [name, box] of Object.entries(this.boxes)) {
      box.checked = settings.get(name);
      box.addEventListener("change", () => this.changed(name, box.checked));
    }
    settings.onChange((name, value) => {
      if (this.boxes[name]) this.boxes[name].checked = value;
    });
    if (!Notifier.isSupported) {
      this.boxes.notifications.disabled = true;
      this.say("This browser cannot show notifications.");
    }
  }

  async changed(name, on) {
    this.say("");
    if (name === "notifications" && on) {
      const allowed = await this.notifier.ask();
      if (!allowed) {
        this.boxes.notifications.checked = false;
        this.say("The browser did not allow notifications. Allow them in its site settings, then try again.");
        return;
      }
    }
    this.settings.set(name, on);
  }

  say(text) {
    this.note.textContent = text;
    this.note.hidden = text === "";
  }
}

// The player's settings for this browser, kept in localStorage so they
// outlive a reload and reach every tab: command stacking with ";;", the
// screen-reader mode and notifications for tells and mentions. The panel's
// Settings section shows them as check boxes.

const STORAGE_KEY = "hearth.settings";

const DEFAULTS = Object.freeze({
  // "n;;e" runs "n" then "e". On by default as in Mudlet, whose separator
  // this is; a single ";" (as in speech) is never a separator.
  stacking: true,
  screenReader: false,
  notifications: false,
});

export class Settings {
  constructor() {
    this.values = { ...DEFAULTS, ...load() };
    this.listeners = [];
    // Another tab changed them.
    window.addEventListener("storage", (event) => {
      if (event.key !== STORAGE_KEY) return;
      this.values = { ...DEFAULTS, ...load() };
      for (const name of Object.keys(DEFAULTS)) this.tell(name);
    });
  }

  get(name) {
    return this.values[name];
  }

  set(name, value) {
    if (this.values[name] === value) return;
    this.values = { ...this.values, [name]: value };
    try {
      localStorage.setItem(STORAGE_KEY, JSON.stringify(this.values));
    } catch {
      // Storage full or forbidden (private browsing): the setting lasts this page only.
    }
    this.tell(name);
  }

  // `listener(name, value)` hears of every change, from this tab or another.
  onChange(listener) {
    this.listeners.push(listener);
  }

  tell(name) {
    for (const listener of this.listeners) listener(name, this.values[name]);
  }
}

// The stored settings that are still settings, with the right types.
function load() {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "{}");
    return Object.fromEntries(
      Object.entries(stored ?? {}).filter(([name, value]) => typeof DEFAULTS[name] === "boolean" && typeof value === "boolean"),
    );
  } catch {
    return {};
  }
}

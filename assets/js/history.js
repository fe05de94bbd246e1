// The commands a player sent, newest last, walked with Up and Down like a
// shell's history. Kept in localStorage per player so a reload (or a new
// tab) remembers them, and bounded so it never grows without end.

const KEPT = 200;

export class History {
  constructor(player) {
    this.storageKey = `hearth.history.${player.toLowerCase()}`;
    this.entries = load(this.storageKey);
    this.rewind();
  }

  // Remembers `command`, unless it repeats the one before. Other tabs may
  // have added some since, so it starts from what is stored.
  add(command) {
    this.entries = load(this.storageKey);
    if (command.trim() !== "" && this.entries.at(-1) !== command) {
      this.entries = [...this.entries, command].slice(-KEPT);
      save(this.storageKey, this.entries);
    }
    this.rewind();
  }

  // One step back from the line being edited, `draft`; null at the oldest.
  older(draft) {
    if (this.position === 0) return null;
    if (this.position === this.entries.length) this.draft = draft;
    this.position -= 1;
    return this.entries[this.position];
  }

  // One step forward; past the newest, the draft the walk started from.
  newer() {
    if (this.position === this.entries.length) return null;
    this.position += 1;
    return this.position === this.entries.length ? this.draft : this.entries[this.position];
  }

  // Back to the end: the next Up starts from the newest command.
  rewind() {
    this.position = this.entries.length;
    this.draft = "";
  }
}

function load(key) {
  try {
    const stored = JSON.parse(localStorage.getItem(key) ?? "[]");
    return Array.isArray(stored) ? stored.filter((entry) => typeof entry === "string").slice(-KEPT) : [];
  } catch {
    return [];
  }
}

function save(key, entries) {
  try {
    localStorage.setItem(key, JSON.stringify(entries));
  } catch {
    // Storage full or forbidden (private browsing): history lasts this page only.
  }
}

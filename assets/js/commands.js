// The commands this player may use, as the server lists them: `connected`
// carries `commands` ([{ name, aliases, usage }]); an older server without
// that list is asked `help`, whose `data` gives the names alone. The page
// never keeps its own list of the server's aliases: it asks this table what
// a typed word stands for ("x" is "examine", "yell" is "shout").
//
// What the page knows about some commands by name is what they do with the
// words after them, which the contract fixes: where speech starts (its
// length is capped on the server) and what Tab should offer.

// The commands whose last words are speech, with how many words come
// before it ("tell Bob hello": one, the player).
const SPEECH = new Map([
  ["say", 0],
  ["emote", 0],
  ["shout", 0],
  ["tell", 1],
  ["chat", 1],
]);

// Punctuation that starts speech without a space: 'hello says hello,
// :waves emotes (the contract's shortcuts).
const SHORTCUTS = new Map([["'", "say"], [":", "emote"]]);

export class CommandTable {
  constructor() {
    this.commands = [];
    this.fromServer = false;
  }

  // The list `connected` carried, when it carried one.
  setFromServer(commands) {
    if (!Array.isArray(commands)) return false;
    this.commands = commands
      .filter((command) => typeof command?.name === "string")
      .map(({ name, aliases, usage }) => ({
        name,
        aliases: Array.isArray(aliases) ? aliases.filter((alias) => typeof alias === "string") : [],
        usage: typeof usage === "string" ? usage : name,
      }));
    this.fromServer = true;
    return true;
  }

  // The names `help` gave, unless the server's own list is already here.
  setNames(names) {
    if (this.fromServer || !Array.isArray(names)) return;
    this.commands = names.filter((name) => typeof name === "string").map((name) => ({ name, aliases: [], usage: name }));
  }

  forget() {
    this.commands = [];
    this.fromServer = false;
  }

  // Command names, for completing the first word.
  get names() {
    return this.commands.map((command) => command.name);
  }

  // The name of the command `word` stands for, or null.
  canonical(word) {
    const lower = word.toLowerCase();
    if (SHORTCUTS.has(lower)) return SHORTCUTS.get(lower);
    const command = this.commands.find((each) => each.name === lower || each.aliases.includes(lower));
    return command?.name ?? null;
  }

  // The command a whole line runs, or null.
  commandOf(line) {
    const trimmed = line.trimStart();
    if (SHORTCUTS.has(trimmed.charAt(0))) return SHORTCUTS.get(trimmed.charAt(0));
    return this.canonical(trimmed.split(/\s+/)[0] ?? "");
  }

  // The speech in `line`, as the server will count it (runs of space made
  // one), or null when the line says nothing.
  speechOf(line) {
    const words = line.trim().split(/\s+/);
    const first = words[0] ?? "";
    let speech;
    if (SHORTCUTS.has(first.charAt(0))) {
      speech = oneLine([first.slice(1), ...words.slice(1)].join(" "));
    } else {
      const before = SPEECH.get(this.canonical(first));
      if (before === undefined) return null;
      speech = oneLine(words.slice(1 + before).join(" "));
    }
    return speech === "" ? null : speech;
  }
}

function oneLine(text) {
  return text.split(/\s+/).filter(Boolean).join(" ");
}

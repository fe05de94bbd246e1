// From what the player typed or pasted to the commands sent: one command per
// line, and with stacking on, "n;;e" is two. The server's limits are checked
// here, before anything is sent, so nothing is ever cut or refused
// silently.

// The server's limits, which must match its own: `MAX_COMMAND_CHARS` in
// src/game/command/mod.rs (the Socket.IO handler refuses a longer command)
// and `MAX_SPOKEN_CHARS` in src/game/text.rs (longer speech is cut).
export const MAX_COMMAND_CHARS = 1000;
export const MAX_SPOKEN_CHARS = 400;

// The separator of stacked commands, as in Mudlet: a single ";" is common
// in speech and stays part of it.
const STACK_SEPARATOR = ";;";

// The most commands one Enter sends; the rest stay on the command line.
// The server refuses more than 20 commands a second from one connection.
export const MOST_COMMANDS_AT_ONCE = 20;

// How long a line may grow before the page warns that it nears a limit.
const NEAR_COMMAND_CHARS = Math.floor(MAX_COMMAND_CHARS * 0.8);
const NEAR_SPOKEN_CHARS = Math.floor(MAX_SPOKEN_CHARS * 0.875);

// The commands in `text`, trimmed, empty ones left out.
export function commandsIn(text, { stacking }) {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const pieces = stacking ? lines.flatMap((line) => line.split(STACK_SEPARATOR)) : lines;
  return pieces.map((piece) => piece.trim()).filter((piece) => piece !== "");
}

// Where the command the caret is in begins: after the last line break (or
// stacking separator) before `caret`.
export function commandStart(text, caret, { stacking }) {
  const before = text.slice(0, caret);
  const afterBreak = before.lastIndexOf("\n") + 1;
  const separator = stacking ? before.lastIndexOf(STACK_SEPARATOR) : -1;
  return separator === -1 ? afterBreak : Math.max(afterBreak, separator + STACK_SEPARATOR.length);
}

// Characters as the server counts them (Unicode scalar values, not UTF-16 units).
export function charCount(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

// The first command the server would refuse for its length, as
// `{ command, chars }`, or null.
export function firstTooLong(commands) {
  for (const command of commands) {
    const chars = charCount(command);
    if (chars > MAX_COMMAND_CHARS) return { command, chars };
  }
  return null;
}

// The commands whose speech the server would cut, as `{ command, chars }`.
export function speechCut(commands, table) {
  return commands
    .map((command) => ({ command, chars: charCount(table.speechOf(command) ?? "") }))
    .filter(({ chars }) => chars > MAX_SPOKEN_CHARS);
}

// What the command line says about the length of `text` as it is typed:
// `{ level: "near" | "over", message }`, or null while it is well short.
export function lengthHint(text, { stacking, table }) {
  let longest = 0;
  let longestSpeech = 0;
  for (const command of commandsIn(text, { stacking })) {
    longest = Math.max(longest, charCount(command));
    longestSpeech = Math.max(longestSpeech, charCount(table.speechOf(command) ?? ""));
  }
  if (longest > MAX_COMMAND_CHARS) {
    return { level: "over", message: `${number(longest)} characters: too long to send (the most is ${number(MAX_COMMAND_CHARS)}).` };
  }
  if (longestSpeech > MAX_SPOKEN_CHARS) {
    return {
      level: "over",
      message: `Speech: ${number(longestSpeech)} characters. Only the first ${number(MAX_SPOKEN_CHARS)} are heard.`,
    };
  }
  if (longestSpeech >= NEAR_SPOKEN_CHARS) {
    return { level: "near", message: `Speech: ${number(longestSpeech)} of ${number(MAX_SPOKEN_CHARS)} characters.` };
  }
  if (longest >= NEAR_COMMAND_CHARS) {
    return { level: "near", message: `${number(longest)} of ${number(MAX_COMMAND_CHARS)} characters.` };
  }
  return null;
}

export function number(count) {
  return count.toLocaleString("en");
}

// Tab completion for the command line: the first word completes to a
// command or an exit, later words to what makes sense after that command
// (the caller decides: after "examine", the things and people in sight).
// Names can be several words ("stone fountain"), so the longest stretch of
// trailing words that starts some name is the one completed; after a space,
// every name is offered.

// What can replace the end of `text` (one command), given the `first` words
// a command may start with and `later(word)`, the names that may follow the
// first word: `{ start, options }`, where `start` is where the replaced
// fragment begins, or null when nothing fits.
export function complete(text, { first, later }) {
  const firstSpace = text.indexOf(" ");
  if (firstSpace === -1) {
    return text === "" ? null : fits(text, 0, first);
  }
  const names = later(text.slice(0, firstSpace));
  for (const start of fragmentStarts(text, firstSpace + 1)) {
    const found = fits(text.slice(start), start, names);
    if (found) return found;
  }
  return null;
}

function fits(fragment, start, candidates) {
  const lower = fragment.toLowerCase();
  const options = [...new Set(candidates)]
    .filter((candidate) => candidate.toLowerCase().startsWith(lower) && candidate !== fragment)
    .sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" }));
  return options.length > 0 ? { start, options } : null;
}

// Where each fragment that could be completed begins, the longest first:
// every word start from `from` on, and the very end after a space.
function fragmentStarts(text, from) {
  const starts = [];
  for (let index = from; index <= text.length; index += 1) {
    const wordStart = index < text.length && text[index] !== " " && (index === from || text[index - 1] === " ");
    const endAfterSpace = index === text.length && text[index - 1] === " ";
    if (wordStart || endAfterSpace) starts.push(index);
  }
  return starts;
}

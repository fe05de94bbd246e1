// The web client's wiring: which screen shows, and how the connection, the
// game text, the command line, the side panel and the settings talk to each
// other.
//
// A returning player's session cookie lets the socket in, so the page asks
// whose session it holds and goes straight into the game when it is live,
// showing the login form otherwise (or when the server later says
// "unauthorized"). Every time the game welcomes the socket (first connection
// or reconnection), the page looks around and asks who is online, so the
// player always sees where they are; after a reconnection the server first
// replays what the player missed.

import * as api from "./api.js";
import { Announcer } from "./announcer.js";
import { Attention } from "./attention.js";
import { LoginScreen } from "./auth.js";
import { CommandTable } from "./commands.js";
import {
  MAX_COMMAND_CHARS, MAX_SPOKEN_CHARS, MOST_COMMANDS_AT_ONCE, commandsIn, firstTooLong, number, speechCut,
} from "./compose.js";
import { Connection } from "./connection.js";
import { CommandLine } from "./input.js";
import { History } from "./history.js";
import { Notifier } from "./notify.js";
import { Output, describesRoom } from "./output.js";
import { Panel } from "./panel.js";
import { Sender } from "./sender.js";
import { Settings } from "./settings.js";
import { SettingsForm } from "./settings-form.js";
import { ConnectionStatus } from "./status.js";
import { Surroundings } from "./surroundings.js";
import { Title } from "./title.js";
import { fitToVisibleViewport } from "./viewport.js";

// Commands that change what the player carries; after them the page asks
// for the inventory again, for completion.
const CARRYING = new Set(["take", "drop", "give"]);

// Lines that are not news to the player: their own commands, and what their
// other tabs did.
const NOT_NEWS = new Set(["command", "self"]);

// The command the page runs itself rather than sending: it logs out, as the
// Log out button does.
const LOGOUT = "logout";

let hasLostConnection = false;
let justLoggedIn = false;
// The world's message of the day, shown once a page load: the server sends
// it on every connection, reconnections included.
let motd = null;
let motdShown = false;
// Speech too long to be heard whole that the player was told about; Enter
// again on the same text sends it anyway.
let warnedOfCut = null;

const gameScreen = document.getElementById("game-screen");
const logoutButton = document.getElementById("logout");
const panelToggle = document.getElementById("panel-toggle");
const playerName = document.getElementById("player-name");

const settings = new Settings();
const attention = new Attention();
const announcer = new Announcer(document.getElementById("announcer"));
const table = new CommandTable();
const title = new Title(attention);
const status = new ConnectionStatus();
const notifier = new Notifier(settings, attention);
const surroundings = new Surroundings(() => panel.render());
const output = new Output(
  document.getElementById("output"),
  document.getElementById("jump-to-latest"),
  (kind) => { if (!NOT_NEWS.has(kind)) title.noteLine(); },
);
const commandLine = new CommandLine({
  send: submit,
  firstWords: () => [...table.names, ...surroundings.exits],
  names: (word) => surroundings.namesAfter(table.canonical(word)),
  scroll: (direction) => output.page(direction),
  announce: (text) => announcer.say(text),
  settings,
  table,
});
const panel = new Panel(surroundings, {
  go,
  examine: (name) => { sender.run(`examine ${name}`); commandLine.focus(); },
  tell: (player) => commandLine.prefill(`tell ${player} `),
});
const login = new LoginScreen(() => {
  justLoggedIn = true;
  connection.open();
});
const connection = new Connection({
  state: connectionChanged,
  welcome: welcomed,
  event: showEvent,
  answer: (answer) => showAnswer(answer, { replayed: answer.replayed === true }),
  status: (update) => output.line("status", update.msg, { replayed: update.replayed === true }),
  presence: (presence) => surroundings.applyPresence(presence),
  error: (message) => output.line("error", message),
  unauthorized: (hadPlayed) => showLogin(whyLoggedOut(hadPlayed)),
  refused: (message) => showLogin(api.sentence(message)),
});
const sender = new Sender(connection, {
  sending: (command) => {
    output.line("command", command);
    output.follow();
  },
  answered: (command, answer) => {
    showAnswer(answer);
    if (mayChangeCarried(command, answer)) ask("inventory");
  },
  unanswered: (command, error) => output.line("note", error?.message === "socket has been disconnected"
    ? `The connection dropped before "${command}" was answered; it may not have run.`
    : `No answer to "${command}"; it may not have run.`),
  unsent: (command) => output.line("note", `Not connected, so "${command}" was not sent.`),
});
new SettingsForm(settings, notifier);

function whyLoggedOut(hadPlayed) {
  if (justLoggedIn) return "Logged in, but the game did not get the session. Does this browser block cookies?";
  return hadPlayed ? "Your session has ended. Please log in again." : "";
}

// What the player typed, as commands: one a line, "n;;e" two when stacking
// is on, the server's limits checked first. Returns `{ sent, kept }`: what
// went out, and what stays on the command line (all of it when nothing
// could be sent, the lines beyond MOST_COMMANDS_AT_ONCE otherwise).
function submit(text) {
  const commands = commandsIn(text, { stacking: settings.get("stacking") });
  const nothingSent = { sent: "", kept: text };
  if (commands.length === 1 && commands[0].toLowerCase() === LOGOUT) {
    logOut();
    return { sent: text, kept: "" };
  }
  const tooLong = firstTooLong(commands);
  if (tooLong) {
    output.line("note", `That command is ${number(tooLong.chars)} characters long, and the server takes at most `
      + `${number(MAX_COMMAND_CHARS)}. Nothing was sent: shorten it, then press Enter.`);
    return nothingSent;
  }
  if (!connection.isConnected) {
    output.line("note", commands.length === 1
      ? `Not connected, so "${commands[0]}" was not sent.`
      : `Not connected, so none of those ${commands.length} commands were sent.`);
    return nothingSent;
  }
  const cut = speechCut(commands, table);
  if (cut.length > 0 && warnedOfCut !== text) {
    warnedOfCut = text;
    output.line("note", `Only the first ${number(MAX_SPOKEN_CHARS)} characters of speech are heard, and "${shorten(cut[0].command)}" `
      + `says ${number(cut[0].chars)}. Press Enter again to send it cut short, or shorten it.`);
    return nothingSent;
  }
  warnedOfCut = null;
  const now = commands.slice(0, MOST_COMMANDS_AT_ONCE);
  const later = commands.slice(MOST_COMMANDS_AT_ONCE);
  for (const command of now) {
    sender.run(command, (unsent) => {
      output.line("note", `Not connected, so "${unsent}" was not sent; it is back on the command line.`);
      commandLine.restore(unsent);
    });
  }
  if (later.length > 0) {
    output.line("note", `Sent the first ${MOST_COMMANDS_AT_ONCE} commands. The other ${later.length} are still `
      + "on the command line: press Enter to send them.");
  }
  return { sent: now.join("\n"), kept: later.join("\n") };
}

function shorten(command) {
  return command.length > 30 ? `${command.slice(0, 29)}…` : command;
}

// An exit button, in the game text or the panel.
function go(exit) {
  sender.run(`go ${exit}`);
  commandLine.focus();
}

// A command's answer. An `{ error }` answer also arrives as an `error` event,
// which is where it is shown. A replayed answer (to a command whose
// acknowledgement the dropped connection lost) is only shown: the page asks
// for the room and the rest again on reconnecting.
function showAnswer({ response, data }, marks = {}) {
  const room = data?.room;
  if (room && describesRoom(response, room)) {
    output.room(response, room, go, marks);
  } else if (response) {
    output.line("response", response, marks);
  }
  if (!marks.replayed) {
    if (room) surroundings.setRoom(room);
    remember(data);
  }
}

// Whether the answer to `command` may have changed what the player carries.
// A take or drop answer carries the room it changed, whatever the command
// was called.
function mayChangeCarried(command, answer) {
  if (answer?.data?.inventory) return false;
  const room = answer?.data?.room;
  return CARRYING.has(table.commandOf(command)) || (room !== undefined && !describesRoom(answer.response, room));
}

function showEvent(event) {
  if (event.type === "system" && event.text === motd) {
    if (motdShown) return;
    motdShown = true;
  }
  const marks = { replayed: event.replayed === true };
  if (event.type === "system" && event.gap === true) {
    output.gap(event.text);
  } else if (event.type === "self") {
    showSelf(event, marks);
  } else {
    output.line(event.type, event.text, marks);
    if (!marks.replayed) surroundings.witness(event);
  }
  notifier.consider(event, surroundings.me);
}

// What another tab of this account did: its text (dimmed) and its data,
// which is what that tab's answer carried: the room, the inventory. What
// someone else did to the character (`from`, as a gift) its own event has
// already said, so unless it moved the character only the panel follows.
function showSelf({ text, data, from }, marks) {
  if (typeof from === "string" && !data?.room) {
    if (!marks.replayed) remember(data);
    return;
  }
  const fromOtherTab = { ...marks, fromOtherTab: true };
  const room = data?.room;
  if (room && describesRoom(text, room)) {
    output.room(text, room, go, fromOtherTab);
  } else if (typeof text === "string" && text !== "") {
    output.line("self", text, fromOtherTab);
  }
  if (!marks.replayed) {
    if (room) surroundings.setRoom(room);
    remember(data);
    // Like the other tab's answer, a take or drop carries the room, not the inventory.
    if (room && !describesRoom(text, room) && !data.inventory) ask("inventory");
  }
}

// Keeps what an answer's structured data says about the player's world.
function remember(data) {
  if (data?.players) surroundings.setOnline(data.players);
  if (data?.inventory) surroundings.setCarried(data.inventory);
  if (data?.commands) table.setNames(data.commands);
}

// Sends a command whose answer only feeds the side panel and completion.
async function ask(command) {
  const answer = await connection.send(command).catch(() => null);
  if (answer?.data?.room) surroundings.setRoom(answer.data.room);
  remember(answer?.data);
}

function welcomed(welcome) {
  justLoggedIn = false;
  showGame();
  showWorldName(welcome.world);
  playerName.textContent = welcome.username;
  playerName.hidden = false;
  surroundings.setPlayer(welcome.username);
  commandLine.useHistory(new History(welcome.username));
  if (hasLostConnection) {
    output.line("note", "Reconnected.");
    announcer.say("Reconnected.");
    hasLostConnection = false;
  }
  const listed = table.setFromServer(welcome.commands);
  // A lost connection is reported by the connection state, not here.
  connection.send("look").then((answer) => showAnswer(answer), () => {});
  ask("who");
  ask("inventory");
  if (!listed) ask("help");
}

function showWorldName(name) {
  title.setWorld(name);
  document.getElementById("world-name").textContent = name;
}

function connectionChanged(state, attempt) {
  status.show(state, attempt);
  if (state === "reconnecting" && !hasLostConnection && !gameScreen.hidden) {
    hasLostConnection = true;
    output.line("note", "Lost the connection to the server. Reconnecting…");
    announcer.say("Lost the connection to the server. Reconnecting.");
  }
}

function showGame() {
  if (!gameScreen.hidden) return;
  login.hide();
  gameScreen.hidden = false;
  logoutButton.hidden = false;
  panelToggle.hidden = false;
  commandLine.focus();
}

function showLogin(message) {
  connection.close();
  gameScreen.hidden = true;
  logoutButton.hidden = true;
  panelToggle.hidden = true;
  playerName.hidden = true;
  status.hide();
  output.clear();
  surroundings.forget();
  table.forget();
  hasLostConnection = false;
  justLoggedIn = false;
  login.show(message);
}

async function logOut() {
  connection.close();
  const outcome = await api.logout();
  showLogin(outcome.ok ? "" : `Your session may still be open: ${outcome.error}`);
}

function useScreenReaderMode(on) {
  document.body.classList.toggle("screen-reader", on);
  announcer.setEnabled(on);
}

settings.onChange((name, value) => {
  if (name === "screenReader") useScreenReaderMode(value);
});
useScreenReaderMode(settings.get("screenReader"));
logoutButton.addEventListener("click", logOut);
document.getElementById("jump-to-latest").addEventListener("click", () => commandLine.focus());
fitToVisibleViewport();
api.fetchWorld().then((outcome) => {
  if (!outcome.ok) return;
  showWorldName(outcome.data.name);
  motd = outcome.data.motd;
  login.welcome(outcome.data);
});
// Only a browser holding a live session opens a socket at once; a refused
// socket would leave the browser logging errors for requests in flight.
api.fetchSession().then((outcome) => {
  if (outcome.ok && outcome.data.username) connection.open();
  else showLogin(outcome.ok ? "" : outcome.error);
});

// The web client's wiring: which screen shows, and how the connection, the
// game text, the command line and the side panel talk to each other.
//
// A returning player's session cookie lets the socket in, so the page asks
// whose session it holds and goes straight into the game when it is live,
// showing the login form otherwise (or when the server later says
// "unauthorized"). Every time the game welcomes the socket (first connection
// or reconnection), the page looks around and asks who is online, so the
// player always sees where they are.

import * as api from "./api.js";
import { LoginScreen } from "./auth.js";
import { Connection } from "./connection.js";
import { CommandLine } from "./input.js";
import { History } from "./history.js";
import { Output } from "./output.js";
import { Panel } from "./panel.js";
import { ConnectionStatus } from "./status.js";
import { Surroundings } from "./surroundings.js";
import { Title } from "./title.js";
import { fitToVisibleViewport } from "./viewport.js";

// How often the page asks who is online while it is shown: the server tells
// only the room when someone comes or goes.
const WHO_REFRESH_MS = 30_000;

// Commands that change what the player carries; after them the page asks
// for the inventory again, for completion.
const CARRYING_VERBS = new Set(["take", "get", "pick", "drop", "give", "hand"]);

let hasLostConnection = false;
let justLoggedIn = false;
// The world's message of the day, shown once a page load: the server sends
// it on every connection, reconnections included.
let motd = null;
let motdShown = false;

const gameScreen = document.getElementById("game-screen");
const logoutButton = document.getElementById("logout");
const panelToggle = document.getElementById("panel-toggle");
const playerName = document.getElementById("player-name");

const title = new Title();
const status = new ConnectionStatus();
const surroundings = new Surroundings(() => panel.render());
const output = new Output(
  document.getElementById("output"),
  document.getElementById("jump-to-latest"),
  (kind) => { if (kind !== "command") title.noteLine(); },
);
const commandLine = new CommandLine({
  send: run,
  names: () => ({
    commands: surroundings.commands,
    exits: surroundings.room?.exits ?? [],
    names: surroundings.names(),
  }),
  scroll: (direction) => output.page(direction),
});
const panel = new Panel(surroundings, {
  go,
  examine: (name) => { run(`examine ${name}`); commandLine.focus(); },
  tell: (player) => commandLine.prefill(`tell ${player} `),
});
const login = new LoginScreen(() => {
  justLoggedIn = true;
  connection.open();
});
const connection = new Connection({
  state: connectionChanged,
  welcome: welcomed,
  event: (event) => {
    if (event.type === "system" && event.text === motd) {
      if (motdShown) return;
      motdShown = true;
    }
    output.line(event.type, event.text);
    surroundings.witness(event);
  },
  status: (update) => output.line("status", update.msg),
  error: (message) => output.line("error", message),
  unauthorized: (hadPlayed) => showLogin(whyLoggedOut(hadPlayed)),
  refused: (message) => showLogin(api.sentence(message)),
});

function whyLoggedOut(hadPlayed) {
  if (justLoggedIn) return "Logged in, but the game did not get the session. Does this browser block cookies?";
  return hadPlayed ? "Your session has ended. Please log in again." : "";
}

// Sends a command the player typed or clicked, showing it and its answer.
// Returns whether it went out.
function run(text) {
  // The game's "quit" tells players they can type this.
  if (text.trim().toLowerCase() === "logout") {
    logOut();
    return true;
  }
  if (!connection.isConnected) {
    output.line("note", `Not connected, so "${text}" was not sent.`);
    return false;
  }
  output.line("command", text);
  output.follow();
  connection.send(text).then(
    (answer) => {
      showAnswer(answer);
      if (CARRYING_VERBS.has(text.trim().split(/\s+/)[0].toLowerCase())) ask("inventory");
    },
    () => output.line("note", `No answer to "${text}"; it may not have run.`),
  );
  return true;
}

// An exit button, in the game text or the panel.
function go(exit) {
  run(`go ${exit}`);
  commandLine.focus();
}

// A command's answer. An `{ error }` answer also arrives as an `error` event,
// which is where it is shown.
function showAnswer({ response, data }) {
  if (data?.room) {
    surroundings.setRoom(data.room);
    output.room(response, data.room, go);
  } else if (response) {
    output.line("response", response);
  }
  remember(data);
}

// Keeps what an answer's structured data says about the player's world.
function remember(data) {
  if (data?.players) surroundings.setOnline(data.players);
  if (data?.inventory) surroundings.setCarried(data.inventory);
  if (data?.commands) surroundings.setCommands(data.commands);
}

// Sends a command whose answer only feeds the side panel and completion.
async function ask(command) {
  const answer = await connection.send(command).catch(() => null);
  if (answer?.data?.room) surroundings.setRoom(answer.data.room);
  remember(answer?.data);
}

function welcomed({ username, world }) {
  justLoggedIn = false;
  showGame();
  showWorldName(world);
  playerName.textContent = username;
  playerName.hidden = false;
  commandLine.useHistory(new History(username));
  if (hasLostConnection) {
    output.line("note", "Reconnected.");
    hasLostConnection = false;
  }
  // A lost connection is reported by the connection state, not here.
  connection.send("look").then(showAnswer, () => {});
  ask("who");
  ask("inventory");
  ask("help");
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
  hasLostConnection = false;
  justLoggedIn = false;
  login.show(message);
}

async function logOut() {
  connection.close();
  const outcome = await api.logout();
  showLogin(outcome.ok ? "" : `Your session may still be open: ${outcome.error}`);
}

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
setInterval(() => {
  if (connection.isConnected && !document.hidden) ask("who");
}, WHO_REFRESH_MS);

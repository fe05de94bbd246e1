// The Socket.IO link to the game, and the one place that knows its states.
//
// The session cookie authenticates the socket, so opening a connection is
// also how the page finds out whether the player is logged in: the server
// refuses an unknown session with `connect_error` "unauthorized".
// socket.io-client reconnects by itself after a lost connection; this module
// turns its events into four states the page shows: connecting, connected,
// reconnecting and closed. Every attempt asks to resume where the page left
// off (see resume.js), and a message the page already has is dropped here.

import { io } from "/vendor/socket.io.esm.min.js";

import { Resume } from "./resume.js";

// How long a command may wait for its answer before the page gives up on it.
const ANSWER_TIMEOUT_MS = 20_000;

export class Connection {
  // `on` holds the callbacks: state(state, attempt), welcome(connected),
  // event(event), answer(command_response) for an answer that came as an
  // event rather than as an acknowledgement (a replayed one), status(status),
  // presence(presence), error(message), unauthorized(), refused(message).
  constructor(on) {
    this.on = on;
    this.socket = null;
    this.wasConnected = false;
    this.resume = new Resume();
  }

  open() {
    this.close();
    this.wasConnected = false;
    this.resume.forget();
    // A new Manager each time, so the handshake carries the current cookie.
    // WebSocket first, since on a LAN it nearly always works, with
    // long-polling as the fallback. Starting on long-polling and upgrading
    // makes two connections where one does, and closing one mid-upgrade (as
    // socket.io-client does when the session is refused) gets the polling
    // requests answered 400, which the browser logs as errors.
    const socket = io({
      // Called on every attempt, so a reconnection asks for what it missed.
      auth: (send) => send(this.resume.auth),
      autoConnect: false,
      forceNew: true,
      reconnectionDelayMax: 5_000,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
    });
    this.socket = socket;
    socket.on("connected", (welcome) => {
      this.wasConnected = true;
      this.resume.welcomed(welcome ?? {});
      this.on.state("connected");
      this.on.welcome(welcome ?? {});
    });
    socket.on("event", (event) => this.admit(event) && this.on.event(event));
    socket.on("command_response", (answer) => this.admit(answer) && this.on.answer(answer));
    socket.on("status", (status) => this.admit(status) && this.on.status(status));
    socket.on("presence", (presence) => this.on.presence(presence ?? {}));
    socket.on("error", (problem) => this.on.error(problem?.error ?? "The server refused a message."));
    socket.on("connect_error", (error) => this.refused(error));
    socket.on("disconnect", (reason) => this.dropped(reason));
    socket.io.on("reconnect_attempt", (attempt) => this.on.state("reconnecting", attempt));
    this.on.state("connecting");
    socket.connect();
  }

  close() {
    if (!this.socket) return;
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
    this.socket.disconnect();
    this.socket = null;
  }

  get isConnected() {
    return this.socket?.connected ?? false;
  }

  // Whether a message from the server is new, and not one already shown.
  admit(message) {
    return message !== null && typeof message === "object" && this.resume.admit(message);
  }

  // Sends a command; resolves to the server's answer, `{ command, response,
  // data? }` or `{ error }`, or rejects when there is none (also when the
  // connection drops first: a server that resumes then replays the answer).
  async send(command) {
    if (!this.isConnected) {
      throw new Error("not connected");
    }
    const answer = await this.socket.timeout(ANSWER_TIMEOUT_MS).emitWithAck("command", { command });
    this.resume.admit(answer);
    return answer;
  }

  refused(error) {
    if (error.message === "unauthorized") {
      this.close();
      this.on.unauthorized(this.wasConnected);
    } else if (!this.socket.active) {
      // The server turned the session down for another reason (it could not
      // check it); socket.io-client will not retry by itself.
      this.close();
      this.on.refused(error.message);
    }
  }

  dropped(reason) {
    if (reason === "io client disconnect") return;
    this.on.state("reconnecting", 0);
    if (reason === "io server disconnect") {
      // The server closed this socket on purpose, as it does when the session
      // is logged out elsewhere: ask again, and learn whether it still holds.
      this.socket.connect();
    }
  }
}

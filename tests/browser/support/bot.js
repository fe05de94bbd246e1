// A second player who is not a browser: an account made over HTTP and a
// Socket.IO client (the same socket.io-client the page embeds), for tests
// that need someone else in the world. It keeps every event it is sent.

import { io } from "socket.io-client";

import { PATIENCE_MS } from "./browser.js";
import { PASSWORD } from "./server.js";

export class Bot {
  // Registers `name`, logs in and enters the game.
  static async join(server, name) {
    const token = await Bot.account(server, name);
    const socket = io(server.url, { auth: { token }, transports: ["websocket"], reconnection: false });
    const bot = new Bot(server, socket, name, token);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} was not welcomed`)), PATIENCE_MS);
      socket.once("connected", () => { clearTimeout(timer); resolve(); });
      socket.once("connect_error", (error) => { clearTimeout(timer); reject(error); });
    });
    return bot;
  }

  // Registers `name` and logs in; returns the session token.
  static async account(server, name) {
    const post = (path) => fetch(new URL(path, server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: name, password: PASSWORD }),
    });
    const registered = await post("/api/register");
    if (registered.status !== 201) throw new Error(`registering ${name}: ${registered.status}`);
    const loggedIn = await post("/api/login");
    if (loggedIn.status !== 200) throw new Error(`logging in ${name}: ${loggedIn.status}`);
    return (await loggedIn.json()).token;
  }

  constructor(server, socket, name, token) {
    this.server = server;
    this.socket = socket;
    this.name = name;
    this.token = token;
    this.events = [];
    socket.on("event", (event) => this.events.push(event));
  }

  // Runs a command and returns the server's answer.
  command(text) {
    return this.socket.timeout(PATIENCE_MS).emitWithAck("command", { command: text });
  }

  // Logs out over HTTP, as the page's button does: the server closes the socket.
  async logout() {
    const answer = await fetch(new URL("/api/logout", this.server.url), {
      method: "POST",
      headers: { authorization: `Bearer ${this.token}` },
    });
    if (answer.status !== 204) throw new Error(`logging ${this.name} out: ${answer.status}`);
  }

  leave() {
    this.socket.disconnect();
  }
}

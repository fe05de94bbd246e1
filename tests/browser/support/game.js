// The one setup every browser test file shares: the real server and a
// headless Chromium, started once for the file, and per test the players
// (browser contexts) and bots it makes, with names no other test uses.
// When a test ends, its players' pages are checked for console errors nobody
// expected and closed, and its bots leave, so no test depends on who or what
// an earlier one left behind.
//
//   const game = useGame();
//   test("...", async () => {
//     const alice = await game.enter("Alice");   // registered, in the game
//     const bob = await game.bot("Bob");         // a Socket.IO client
//     await bob.command(`tell ${alice.name} hi`);
//   });

import assert from "node:assert/strict";
import { after, afterEach, before } from "node:test";

import { Bot } from "./bot.js";
import { launchBrowser, Player } from "./browser.js";
import { Link } from "./link.js";
import { HearthServer } from "./server.js";

// Names are at most 20 characters; a test's base name leaves room for a number.
const LONGEST_BASE = 16;

let named = 0;

export function useGame() {
  const game = new Game();
  before(async () => {
    game.relay = await Link.open(() => game.server.port);
    game.server = await HearthServer.start([game.relay.origin]);
    game.browser = await launchBrowser();
  });
  afterEach(() => game.endTest());
  after(async () => {
    await game.browser?.close();
    await game.server?.dispose();
    await game.relay?.close();
  });
  return game;
}

class Game {
  constructor() {
    this.server = null;
    this.browser = null;
    this.relay = null;
    this.players = [];
    this.bots = [];
  }

  // A name no other test of this run uses, starting with `base`.
  name(base) {
    assert.ok(base.length <= LONGEST_BASE, `${base} is too long a base for a name`);
    named += 1;
    return `${base}${named}`;
  }

  // The game page in a new browser context, on the server or through `via`
  // (a Link); not logged in.
  async player(contextOptions = {}, via = this.server) {
    const player = await Player.open(this.browser, via, contextOptions);
    this.players.push(player);
    return player;
  }

  // The game page in `context`, a browser context the test set up itself.
  async playerIn(context, via = this.server) {
    const player = await Player.inContext(context, via);
    this.players.push(player);
    return player;
  }

  // A player who registered through the form as `base` plus a number and is
  // in the game.
  async enter(base, contextOptions = {}, via = this.server) {
    const player = await this.player(contextOptions, via);
    await player.register(this.name(base));
    return player;
  }

  // Another tab of `player`'s browser, sharing its session.
  async tab(player) {
    const tab = await player.openTab();
    this.players.push(tab);
    return tab;
  }

  // A bot that registered as `base` plus a number and is in the game.
  async bot(base) {
    const bot = await Bot.join(this.server, this.name(base));
    this.bots.push(bot);
    return bot;
  }

  // An account made over HTTP, not in the game: its name.
  async account(base) {
    const name = this.name(base);
    await Bot.account(this.server, name);
    return name;
  }

  // A connection to the server that the test can cut and restore (one per
  // file, whole again when each test ends).
  link() {
    return this.relay;
  }

  async endTest() {
    const players = this.players.splice(0);
    const bots = this.bots.splice(0);
    const errors = players.flatMap((player) => player.unexpectedConsoleErrors());
    for (const bot of bots) bot.leave();
    await Promise.all(players.map((player) => player.context.close().catch(() => {})));
    this.relay.cut();
    this.relay.restore();
    assert.deepEqual(errors, [], "no page logged an error the test did not expect");
  }
}

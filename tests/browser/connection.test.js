// The connection: the server restarting under a player (the page says it is
// reconnecting, gets back in by itself with the same session, shows the room
// again and refreshes who is online), a browser whose WebSockets are
// blocked, and a network that drops and comes back.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useGame } from "./support/game.js";

const game = useGame();

test("after the server restarts, the page reconnects, shows the room again and asks who is online", async () => {
  const player = await game.player();
  // While the server is down, the browser logs each refused attempt.
  player.expectConsoleErrors(/ERR_CONNECTION_REFUSED/, /WebSocket connection to .* failed/);
  await player.register(game.name("Steadfast"));
  const gone = await game.bot("Gone");
  const online = player.page.locator("#online-players button");
  await online.filter({ hasText: gone.name }).waitFor();
  await player.type("north");
  await player.output.locator(".room-name", { hasText: "Library" }).waitFor();
  const status = player.page.locator("#connection");
  const rooms = player.output.locator(".room-name");
  const roomsBefore = await rooms.count();

  await game.server.stop();
  await player.line("The server is shutting down.");
  await player.page.locator("#connection[data-state=reconnecting]").waitFor();
  assert.match(await status.textContent(), /^Reconnecting…/);
  await player.line("Lost the connection to the server. Reconnecting…");
  await player.type("look");
  await player.line("Not connected, so \"look\" was not sent.");
  assert.equal(await player.commandLine.inputValue(), "look", "an unsent command stays on the line");

  // The bot does not come back: the page learns it from `who`.
  await game.server.launch(game.server.port);
  await player.page.locator("#connection[data-state=connected]").waitFor({ timeout: 15_000 });
  assert.equal(await status.textContent(), "Connected");
  await player.line("Reconnected.");
  await rooms.nth(roomsBefore).waitFor();
  assert.equal(await rooms.last().textContent(), "Library");
  assert.equal(await player.page.locator("#room-name").textContent(), "Library");
  assert.equal(await player.page.locator("#login-screen").isVisible(), false);
  await online.filter({ hasText: gone.name }).waitFor({ state: "detached" });
  await online.filter({ hasText: player.name }).waitFor();

  await player.commandLine.press("Enter");
  await player.output.locator(".command", { hasText: "look" }).waitFor();
  const motd = player.output.getByText("Welcome to the Test Keep.", { exact: true });
  assert.equal(await motd.count(), 1, "the message of the day is not repeated on reconnecting");
});

test("where WebSockets are blocked, the game is played over long-polling", async () => {
  const context = await game.browser.newContext();
  await context.addInitScript(() => {
    window.WebSocket = class BlockedWebSocket {
      constructor() {
        setTimeout(() => {
          this.onerror?.(new Event("error"));
          this.onclose?.({ code: 1006, reason: "" });
        });
      }

      close() {}
    };
  });
  const polling = await game.playerIn(context);
  const transports = new Set();
  polling.page.on("request", (request) => {
    const transport = new URL(request.url()).searchParams.get("transport");
    if (transport) transports.add(transport);
  });

  await polling.register(game.name("Patient"));
  await polling.type("examine statue");
  await polling.line("A statue of a forgotten king.");
  assert.deepEqual([...transports], ["polling"]);
});

test("a dropped network is told, and the page comes back by itself when it returns", async () => {
  const link = game.link();
  const player = await game.enter("Commuter", {}, link);
  player.expectConsoleErrors(/ERR_CONNECTION_RESET|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE/, /WebSocket connection to .* failed/);

  link.cut();
  await player.page.locator("#connection[data-state=reconnecting]").waitFor();
  await player.line("Lost the connection to the server. Reconnecting…");
  link.restore();
  await player.page.locator("#connection[data-state=connected]").waitFor({ timeout: 15_000 });
  await player.line("Reconnected.");
  await player.type("examine statue");
  await player.line("A statue of a forgotten king.");
});

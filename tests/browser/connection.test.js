// The connection: the server restarting under a player (the page says it is
// reconnecting, gets back in by itself with the same session and shows the
// room again), and a browser whose WebSockets are blocked.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { launchBrowser, Player } from "./support/browser.js";
import { HearthServer } from "./support/server.js";

let server;
let browser;

before(async () => {
  server = await HearthServer.start();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.dispose();
});

test("after the server restarts, the page reconnects and shows the room again", async () => {
  const player = await Player.open(browser, server);
  // While the server is down, the browser logs each refused attempt.
  player.expectConsoleErrors(/ERR_CONNECTION_REFUSED/, /WebSocket connection to .* failed/);
  await player.register("Steadfast");
  await player.type("north");
  await player.output.locator(".room-name", { hasText: "Library" }).waitFor();
  const status = player.page.locator("#connection");
  const rooms = player.output.locator(".room-name");
  const roomsBefore = await rooms.count();

  await server.stop();
  await player.line("The server is shutting down.");
  await player.page.locator("#connection[data-state=reconnecting]").waitFor();
  assert.match(await status.textContent(), /^Reconnecting…/);
  await player.line("Lost the connection to the server. Reconnecting…");
  await player.type("look");
  await player.line("Not connected, so \"look\" was not sent.");
  assert.equal(await player.commandLine.inputValue(), "look", "an unsent command stays on the line");

  await server.launch(server.port);
  await player.page.locator("#connection[data-state=connected]").waitFor({ timeout: 15_000 });
  assert.equal(await status.textContent(), "Connected");
  await player.line("Reconnected.");
  await rooms.nth(roomsBefore).waitFor();
  assert.equal(await rooms.last().textContent(), "Library");
  assert.equal(await player.page.locator("#room-name").textContent(), "Library");
  assert.equal(await player.page.locator("#login-screen").isVisible(), false);

  await player.commandLine.press("Enter");
  await player.output.locator(".command", { hasText: "look" }).waitFor();
  const motd = player.output.getByText("Welcome to the Test Keep.", { exact: true });
  assert.equal(await motd.count(), 1, "the message of the day is not repeated on reconnecting");
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

test("where WebSockets are blocked, the game is played over long-polling", async () => {
  const context = await browser.newContext();
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
  const player = await Player.inContext(context, server);
  const transports = new Set();
  player.page.on("request", (request) => {
    const transport = new URL(request.url()).searchParams.get("transport");
    if (transport) transports.add(transport);
  });

  await player.register("Patient");
  await player.type("examine statue");
  await player.line("A statue of a forgotten king.");
  assert.deepEqual([...transports], ["polling"]);
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

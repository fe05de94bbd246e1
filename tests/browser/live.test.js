// Other players, live: their speech as literal text (never HTML), the side
// panel's who-is-here and who-is-online kept current, and the unread count
// in the tab's title.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Bot } from "./support/bot.js";
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

test("another player's speech appears live, shown literally and never as HTML", async () => {
  const alice = await Player.open(browser, server);
  await alice.register("Alice");
  const mallory = await Player.open(browser, server);
  await mallory.register("Mallory");
  await alice.line("Mallory has entered the world.");
  const payload = `<b>bold</b><img src=x onerror="window.pwned = true">`;

  await mallory.type(`say ${payload}`);

  const heard = await alice.line("Mallory says");
  assert.equal(await heard.textContent(), `Mallory says, "${payload}"`);
  assert.equal(await heard.getAttribute("class"), "line say");
  assert.equal(await alice.output.locator("b, img").count(), 0);
  assert.equal(await alice.page.evaluate(() => window.pwned), undefined);
  const echoed = await mallory.line("You say");
  assert.equal(await echoed.textContent(), `You say, "${payload}"`);
  assert.equal(await mallory.output.locator("b, img").count(), 0);

  const bob = await Bot.join(server, "Bob");
  await bob.command("tell alice <i>psst</i>");
  const tell = await alice.line("Bob tells you");
  assert.equal(await tell.textContent(), `Bob tells you, "<i>psst</i>"`);
  assert.equal(await tell.getAttribute("class"), "line tell");
  assert.equal(await alice.output.locator("i").count(), 0);
  bob.leave();
  assert.deepEqual(alice.unexpectedConsoleErrors(), []);
  assert.deepEqual(mallory.unexpectedConsoleErrors(), []);
});

test("the side panel keeps who is here and who is online current", async () => {
  const player = await Player.open(browser, server);
  await player.register("Watcher");
  const online = player.page.locator("#online-players button");
  const here = player.page.locator("#room-players button");
  const items = player.page.locator("#room-items button");
  // Players from the other tests may still be about.
  const namesOf = async (locator) => (await locator.allTextContents()).filter((name) => !["Alice", "Mallory"].includes(name));

  const visitor = await Bot.join(server, "Visitor");
  await here.filter({ hasText: "Visitor" }).waitFor();
  assert.deepEqual(await namesOf(online), ["Visitor", "Watcher"]);
  assert.equal(await player.page.locator("#online-heading").textContent(), `Online (${await online.count()})`);

  await visitor.command("take iron key");
  await player.line("Visitor takes the iron key.");
  assert.deepEqual(await items.allTextContents(), ["silver key", "marble statue"]);

  await visitor.command("north");
  await player.line("Visitor leaves north.");
  assert.deepEqual(await namesOf(here), []);

  await visitor.command("south");
  await here.filter({ hasText: "Visitor" }).waitFor();
  await visitor.command("drop iron key");
  await items.filter({ hasText: "iron key" }).waitFor();

  visitor.leave();
  await player.line("Visitor has left the world.");
  assert.deepEqual(await namesOf(online), ["Watcher"]);
  assert.deepEqual(await namesOf(here), []);
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

test("the tab's title counts the lines that arrive while it is in the background", async () => {
  const player = await Player.open(browser, server);
  await player.register("Dozer");
  const talker = await Bot.join(server, "Talker");
  await player.line("Talker has entered the world.");
  assert.equal(await player.page.title(), "The Test Keep · Hearth");

  // Headless Chromium never hides a tab, so the page is told it is hidden.
  const setHidden = (hidden) => player.page.evaluate((hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
  await setHidden(true);
  await talker.command("say one");
  await talker.command("say two");
  await player.line("Talker says, \"two\"");
  assert.equal(await player.page.title(), "(2) The Test Keep · Hearth");

  await setHidden(false);
  assert.equal(await player.page.title(), "The Test Keep · Hearth");
  talker.leave();
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

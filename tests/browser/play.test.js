// Playing: commands and their answers, the history, tab completion, exits
// as buttons, and a scrollback that lets the player read back in peace.

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

test("a typed command shows, followed by its answer", async () => {
  const player = await Player.open(browser, server);
  await player.register("Typist");

  await player.type("examine statue");

  const answer = await player.line("A statue of a forgotten king.");
  assert.equal(await answer.getAttribute("class"), "line response");
  const echo = player.output.locator(".command").last();
  assert.equal(await echo.textContent(), "examine statue");
  assert.equal(await player.commandLine.inputValue(), "");
  assert.equal(await player.page.evaluate(() => document.activeElement.id), "command");
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

test("Up and Down walk the history, which outlives a reload", async () => {
  const player = await Player.open(browser, server);
  await player.register("Historian");
  for (const command of ["look", "examine statue", "say hello"]) {
    await player.type(command);
    await player.line(command === "look" ? "Exits:" : command === "say hello" ? "You say" : "forgotten king");
  }
  const line = player.commandLine;
  const press = async (key) => {
    await line.press(key);
    return line.inputValue();
  };

  await line.fill("half-typed");
  assert.equal(await press("ArrowUp"), "say hello");
  assert.equal(await press("ArrowUp"), "examine statue");
  assert.equal(await press("ArrowUp"), "look");
  assert.equal(await press("ArrowUp"), "look");
  assert.equal(await press("ArrowDown"), "examine statue");
  assert.equal(await press("ArrowDown"), "say hello");
  assert.equal(await press("ArrowDown"), "half-typed");

  await player.page.reload();
  await player.waitForGame();
  assert.equal(await press("ArrowUp"), "say hello");
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

test("Tab completes commands, exits, items and players in sight", async () => {
  const bot = await Bot.join(server, "Bobby");
  const player = await Player.open(browser, server);
  await player.register("Completer");
  await player.page.locator("#room-players button", { hasText: "Bobby" }).waitFor();
  const line = player.commandLine;
  const complete = async (typed, tabs = 1) => {
    await line.fill(typed);
    for (let tab = 0; tab < tabs; tab += 1) await line.press("Tab");
    return line.inputValue();
  };

  assert.equal(await complete("exa"), "examine");
  assert.equal(await complete("examine mar"), "examine marble statue");
  assert.equal(await complete("take IRON"), "take iron key");
  assert.equal(await complete("tell bo"), "tell Bobby");
  assert.equal(await complete("no"), "north");
  assert.equal(await complete("g", 1), "gate");
  assert.equal(await complete("g", 2), "give");
  assert.equal(await complete("g", 3), "go");
  assert.equal(await complete("g", 4), "gate");
  assert.equal(await complete("say xyz"), "say xyz");

  await line.fill("");
  await line.press("Tab");
  assert.equal(await player.page.evaluate(() => document.activeElement.textContent), "Send");
  bot.leave();
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

test("exits are buttons, in the game text and in the side panel", async () => {
  const player = await Player.open(browser, server);
  await player.register("Walker");
  const hallExits = player.output.locator(".room").first().locator("button.exit");
  assert.deepEqual(await hallExits.allTextContents(), ["north", "gate"]);

  await hallExits.filter({ hasText: "north" }).click();

  await player.output.locator(".room-name", { hasText: "Library" }).waitFor();
  assert.equal(await player.output.locator(".command").last().textContent(), "go north");
  assert.equal(await hallExits.first().isDisabled(), true);
  assert.equal(await player.page.locator("#room-name").textContent(), "Library");
  assert.deepEqual(await player.page.locator("#room-items button").allTextContents(), ["brass lamp"]);
  assert.equal(await player.page.evaluate(() => document.activeElement.id), "command");

  await player.page.getByRole("button", { name: "Go south" }).click();
  await player.page.locator("#room-name", { hasText: "Great Hall" }).waitFor();
  assert.equal(await player.output.locator(".room-name").last().textContent(), "Great Hall");
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

test("the game text stays put while the player reads back, and follows again on send", async () => {
  const bot = await Bot.join(server, "Chatter");
  const player = await Player.open(browser, server, { viewport: { width: 900, height: 500 } });
  await player.register("Reader");
  for (let round = 0; round < 3; round += 1) {
    await player.type("help");
  }
  await player.line("Type \"help <command>\"");
  const scroll = () => player.output.evaluate((log) => ({
    top: log.scrollTop,
    fromBottom: log.scrollHeight - log.scrollTop - log.clientHeight,
  }));
  assert.ok((await scroll()).fromBottom < 2, "the view follows the newest line");

  await player.output.evaluate((log) => { log.scrollTop = 0; });
  await bot.command("say are you reading?");
  await player.line("Chatter says, \"are you reading?\"");
  const jump = player.page.locator("#jump-to-latest");
  await jump.waitFor();
  assert.equal(await jump.textContent(), "1 new line below");
  assert.equal((await scroll()).top, 0, "the view stays where the reader is");

  await player.type("look");
  await player.line("Exits:");
  assert.ok((await scroll()).fromBottom < 2, "sending a command follows the newest line again");
  assert.equal(await jump.isVisible(), false);
  bot.leave();
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

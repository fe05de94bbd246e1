// Playing: commands and their answers, the history, tab completion, rooms
// drawn from the data the server sends (exits as buttons), and a scrollback
// that lets the player read back in peace.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useGame } from "./support/game.js";

const game = useGame();

test("a typed command shows, followed by its answer", async () => {
  const player = await game.enter("Typist");

  await player.type("examine statue");

  const answer = await player.line("A statue of a forgotten king.");
  assert.equal(await answer.getAttribute("class"), "line response");
  const echo = player.output.locator(".command").last();
  assert.equal(await echo.textContent(), "examine statue");
  assert.equal(await player.commandLine.inputValue(), "");
  assert.equal(await player.page.evaluate(() => document.activeElement.id), "command");
});

test("Up and Down walk the history, which outlives a reload", async () => {
  const player = await game.enter("Historian");
  for (const command of ["look", "examine statue", "say hello"]) {
    await player.type(command);
    await player.line(command === "look" ? "A long hall" : command === "say hello" ? "You say" : "forgotten king");
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
});

test("Tab completes commands, exits, and what makes sense after the command", async () => {
  const bot = await game.bot("Bobby");
  const player = await game.enter("Completer");
  await player.page.locator("#room-players button", { hasText: bot.name }).waitFor();
  await player.page.locator("#online-players button", { hasText: player.name }).waitFor();
  const line = player.commandLine;
  const complete = async (typed, tabs = 1) => {
    await line.fill(typed);
    for (let tab = 0; tab < tabs; tab += 1) await line.press("Tab");
    return line.inputValue();
  };

  assert.equal(await complete("exa"), "examine");
  assert.equal(await complete("examine mar"), "examine marble statue");
  assert.equal(await complete("take IRON"), "take iron key");
  assert.equal(await complete("tell bo"), `tell ${bot.name}`);
  assert.equal(await complete("no"), "north");
  assert.equal(await complete("g", 1), "gate");
  assert.equal(await complete("g", 2), "give");
  assert.equal(await complete("g", 3), "go");
  assert.equal(await complete("g", 4), "gate");
  assert.equal(await complete("say xyz"), "say xyz");

  // Never the player's own name, wherever it could fit.
  const own = player.name.slice(0, 5);
  assert.equal(await complete(`tell ${own}`), `tell ${own}`);
  assert.equal(await complete(`say ${own}`), `say ${own}`);
  // After examine or look at: the things and people in sight, not the exits.
  assert.equal(await complete("examine n"), "examine n", "north is an exit, nothing to examine");
  assert.equal(await complete("examine g"), "examine g");
  assert.equal(await complete("look at mar"), "look at marble statue");
  assert.equal(await complete("examine b"), `examine ${bot.name}`);
  assert.equal(await complete("go n"), "go north");
  // In the second of stacked commands, the first word is a command again.
  assert.equal(await complete("n;;exa"), "n;;examine");

  await line.fill("");
  await line.press("Tab");
  assert.equal(await player.page.evaluate(() => document.activeElement.textContent), "Send");
});

test("rooms are drawn from their data: the name stands out and the exits are buttons", async () => {
  const player = await game.enter("Walker");
  const hall = player.output.locator(".room").nth((await player.output.locator(".room").count()) - 1);
  assert.equal(await hall.locator(".room-name").textContent(), "Great Hall");
  const hallExits = hall.locator("button.exit");
  assert.deepEqual(await hallExits.allTextContents(), ["north", "gate"]);
  const description = (await hall.locator(".room-text").textContent()).split("\n");
  assert.equal(description[0], "A long hall with a high ceiling.");
  assert.doesNotMatch(description.at(-1), /north/, "the buttons replace the line listing the exits");

  await hallExits.filter({ hasText: "north" }).click();

  await player.output.locator(".room-name", { hasText: "Library" }).waitFor();
  assert.equal(await player.output.locator(".command").last().textContent(), "go north");
  assert.equal(await hallExits.first().isDisabled(), true);
  assert.equal(await player.page.locator("#room-name").textContent(), "Library");
  await player.page.locator("#room-items button", { hasText: "brass lamp" }).waitFor();
  assert.equal(await player.page.evaluate(() => document.activeElement.id), "command");

  await player.page.getByRole("button", { name: "Go south" }).click();
  await player.page.locator("#room-name", { hasText: "Great Hall" }).waitFor();
  assert.equal(await player.output.locator(".room-name").last().textContent(), "Great Hall");
});

test("taking and dropping answer as plain lines, and the side panel follows their data", async () => {
  const player = await game.enter("Collector");
  const items = player.page.locator("#room-items button");
  await items.filter({ hasText: "silver key" }).waitFor();
  const rooms = player.output.locator(".room");
  const roomsBefore = await rooms.count();

  await player.type("take silver key");
  const taken = await player.line("You take the silver key.");
  assert.equal(await taken.getAttribute("class"), "line response");
  await items.filter({ hasText: "silver key" }).waitFor({ state: "detached" });
  assert.equal(await rooms.count(), roomsBefore, "no room heading for a take");

  await player.type("drop silver key");
  const dropped = await player.line("You drop the silver key.");
  assert.equal(await dropped.getAttribute("class"), "line response");
  await items.filter({ hasText: "silver key" }).waitFor();
  assert.equal(await rooms.count(), roomsBefore, "no room heading for a drop");
  assert.equal(await player.page.locator("#room-name").textContent(), "Great Hall");
});

test("the game text stays put while the player reads back, and follows again on send", async () => {
  const bot = await game.bot("Chatter");
  const player = await game.enter("Reader", { viewport: { width: 900, height: 500 } });
  for (let round = 0; round < 3; round += 1) {
    await player.type("help");
  }
  // All three answers are in before the reader scrolls back: one that came
  // after would count as news.
  await player.output.locator(".line", { hasText: "Type \"help <command>\"" }).nth(2).waitFor();
  const scroll = () => player.output.evaluate((log) => ({
    top: log.scrollTop,
    fromBottom: log.scrollHeight - log.scrollTop - log.clientHeight,
  }));
  assert.ok((await scroll()).fromBottom < 2, "the view follows the newest line");

  await player.output.evaluate((log) => { log.scrollTop = 0; });
  await bot.command("say are you reading?");
  await player.line(`${bot.name} says, "are you reading?"`);
  const jump = player.page.locator("#jump-to-latest");
  await jump.waitFor();
  assert.equal(await jump.textContent(), "1 new line below");
  assert.equal((await scroll()).top, 0, "the view stays where the reader is");

  await player.type("look");
  await player.line("A long hall");
  assert.ok((await scroll()).fromBottom < 2, "sending a command follows the newest line again");
  assert.equal(await jump.isVisible(), false);
});

// Never miss a line (the "Never miss a line", "Link-dead grace" and
// "Presence" parts of the round 2 contract): a dropped connection that comes
// back misses nothing and shows nothing twice, and nobody in the room sees
// the player leave; a gap the server can no longer fill is shown as one; two
// tabs of one account agree; the Online list is live; the page uses the
// server's own command list.
//
// Every test here needs the server side of #12 (`seq`, replay on `since`,
// `self` events, link-dead grace, `presence`, `connected.commands`).

import assert from "node:assert/strict";
import { test } from "node:test";

import { PATIENCE_MS } from "./support/browser.js";
import { useGame } from "./support/game.js";

const game = useGame();

// What the browser logs while its link is cut.
const CUT_LINK_ERRORS = [/ERR_CONNECTION_RESET|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE|ERR_SOCKET_NOT_CONNECTED/, /WebSocket connection to .* failed/];

// The lines of `player`'s game text in which `speaker` says something.
async function heardFrom(player, speaker) {
  return (await player.output.locator(".line.say").allTextContents())
    .filter((text) => text.includes(`${speaker.name} says`))
    .map((text) => text.replace(/^While you were away: /, ""));
}

async function cutAndWait(link, player) {
  link.cut();
  await player.page.locator("#connection[data-state=reconnecting]").waitFor();
}

async function restoreAndWait(link, player) {
  link.restore();
  await player.page.locator("#connection[data-state=connected]").waitFor({ timeout: 15_000 });
}

test("a dropped connection misses nothing and shows nothing twice, and nobody sees the player leave", async () => {
  const link = game.link();
  const player = await game.enter("Commuter", {}, link);
  player.expectConsoleErrors(...CUT_LINK_ERRORS);
  const speaker = await game.bot("Speaker");
  await player.line(`${speaker.name} has entered the world.`);
  await speaker.command("say before");
  await player.line(`${speaker.name} says, "before"`);

  await cutAndWait(link, player);
  for (const word of ["one", "two", "three"]) await speaker.command(`say ${word}`);
  await restoreAndWait(link, player);
  await player.line(`${speaker.name} says, "three"`);
  await speaker.command("say after");
  await player.line(`${speaker.name} says, "after"`);

  assert.deepEqual(await heardFrom(player, speaker), ["before", "one", "two", "three", "after"]
    .map((word) => `${speaker.name} says, "${word}"`), "every line once, in order");
  const replayed = player.output.locator(".line.replayed");
  assert.deepEqual(
    (await replayed.allTextContents()).filter((text) => text.includes(speaker.name)),
    [`While you were away: ${speaker.name} says, "one"`, `${speaker.name} says, "two"`, `${speaker.name} says, "three"`],
  );
  assert.equal(await player.output.locator(".line.say", { hasText: "after" }).getAttribute("class"), "line say");
  assert.equal(await player.output.locator(".line.gap").count(), 0);
  const sawPlayerGo = speaker.events.filter((event) => ["disconnect", "connect", "leave", "arrive"].includes(event.type)
    && event.from === player.name);
  assert.deepEqual(sawPlayerGo, [], "within the grace period nobody sees the player leave or come back");
});

test("lines the server no longer has are shown as a gap", async () => {
  const link = game.link();
  const player = await game.enter("Faraway", {}, link);
  player.expectConsoleErrors(...CUT_LINK_ERRORS);
  const talkers = await Promise.all([1, 2, 3, 4].map(() => game.bot("Talker")));
  await player.line(`${talkers[3].name} has entered the world.`);

  await cutAndWait(link, player);
  // More than the 500 messages the server keeps, spread over four talkers
  // to stay within the per-connection rate limit.
  const perTalker = 130;
  await Promise.all(talkers.map(async (talker) => {
    for (let index = 0; index < perTalker; index += 1) {
      const started = Date.now();
      await talker.command(`say line ${index}`);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 60 - (Date.now() - started))));
    }
  }));
  await restoreAndWait(link, player);

  const gap = player.output.locator(".line.gap");
  await gap.waitFor();
  assert.equal(await gap.count(), 1);
  assert.notEqual((await gap.textContent()).trim(), "");
  assert.equal(await gap.evaluate((line) => line.nextElementSibling?.classList.contains("replayed")), true,
    "the gap comes before what the server still had");
  await player.line(`${talkers[3].name} says, "line ${perTalker - 1}"`);
  const replayed = await player.output.locator(".line.replayed.say").count();
  assert.ok(replayed > 0 && replayed <= 500, `${replayed} lines replayed`);
});

test("two tabs of one account agree on the room and what the player carries", async () => {
  const first = await game.enter("Twin");
  const second = await game.tab(first);
  await second.waitForGame();

  await first.type("north");
  await first.output.locator(".room-name", { hasText: "Library" }).waitFor();
  await second.page.locator("#room-name", { hasText: "Library" }).waitFor();
  const told = second.output.locator(".room.self").last();
  assert.equal(await told.locator(".room-name").textContent(), "Library");
  assert.match(await told.textContent(), /^In your other tab: Library/);
  assert.deepEqual(await second.output.locator(".room.self").last().locator("button.exit").allTextContents(), ["south"]);

  await first.type("take brass lamp");
  await first.line("You take the brass lamp.");
  await second.output.locator(".line.self", { hasText: "You take the brass lamp." }).waitFor();
  await second.page.locator("#room-items button", { hasText: "brass lamp" }).waitFor({ state: "detached" });
  // What the player carries follows too: Tab offers the lamp to drop.
  const deadline = Date.now() + PATIENCE_MS;
  let completed = "";
  while (completed !== "drop brass lamp" && Date.now() < deadline) {
    await second.commandLine.fill("drop br");
    await second.commandLine.press("Tab");
    completed = await second.commandLine.inputValue();
  }
  assert.equal(completed, "drop brass lamp");

  await second.type("drop brass lamp");
  await second.line("You drop the brass lamp.");
  await first.page.locator("#room-items button", { hasText: "brass lamp" }).waitFor();
  assert.equal(await first.page.locator("#room-name").textContent(), "Library");
  // Nothing was counted as news in the title: it was the player's own doing.
  assert.equal(await second.page.title(), "The Test Keep · Hearth");
});

test("a gift is told once, and what the player carries follows it", async () => {
  const player = await game.enter("Receiver");
  const giver = await game.bot("Giver");
  await giver.command("north");
  assert.equal((await giver.command("take brass lamp")).response, "You take the brass lamp.");
  await player.type("north");
  await player.output.locator(".room-name", { hasText: "Library" }).waitFor();
  await giver.command(`give brass lamp to ${player.name}`);
  await player.line(`${giver.name} gives you the brass lamp.`);
  // The self event that follows the gift only updates the panel: Tab offers the lamp to drop.
  const deadline = Date.now() + PATIENCE_MS;
  let completed = "";
  while (completed !== "drop brass lamp" && Date.now() < deadline) {
    await player.commandLine.fill("drop br");
    await player.commandLine.press("Tab");
    completed = await player.commandLine.inputValue();
  }
  assert.equal(completed, "drop brass lamp");
  assert.equal(await player.output.getByText("You are carrying").count(), 0, "the gift is not told twice");
});

test("the Online list shows a login anywhere in the world within two seconds, and a logout", async () => {
  const watcher = await game.enter("Watcher");
  await watcher.type("north");
  await watcher.page.locator("#room-name", { hasText: "Library" }).waitFor();
  const online = watcher.page.locator("#online-players button");

  // The newcomer starts in the hall: the Library hears of no arrival.
  const newcomer = await game.bot("Newcomer");
  await online.filter({ hasText: newcomer.name }).waitFor({ timeout: 2_000 });
  assert.equal(await watcher.output.getByText(newcomer.name).count(), 0, "told by presence, not by the room");

  await newcomer.logout();
  // A logout ends the character at once (there is no link-dead grace to
  // wait out), and the list hears of it within two seconds too.
  await online.filter({ hasText: newcomer.name }).waitFor({ state: "detached", timeout: 2_000 });
});

test("the page learns the commands and their aliases from the server", async () => {
  const player = await game.enter("Learner");
  await player.page.locator("#room-items button", { hasText: "marble statue" }).waitFor();
  const line = player.commandLine;
  const complete = async (typed) => {
    await line.fill(typed);
    await line.press("Tab");
    return line.inputValue();
  };

  assert.equal(await complete("x mar"), "x marble statue");
  assert.equal(await complete("x n"), "x n", "x is examine: no exits offered");
  await line.fill(`yell ${"a".repeat(450)}`);
  assert.equal(await player.page.locator("#command-limit").textContent(), "Speech: 450 characters. Only the first 400 are heard.");
  await line.fill("");
});

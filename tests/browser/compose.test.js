// What the player types becomes commands without surprises: the server's
// limits are warned of before they bite and nothing is cut or dropped
// silently, a pasted block is one command a line (at most 20 at a time, the
// rest kept), and ";;" stacks commands when the setting is on.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useGame } from "./support/game.js";

const game = useGame();

test("a command near the length limit is warned of, and one over it is kept, not sent", async () => {
  const player = await game.enter("Verbose");
  const hint = player.page.locator("#command-limit");
  const echoes = player.output.locator(".command");
  assert.equal(await hint.isVisible(), false);

  await player.commandLine.fill(`examine ${"x".repeat(842)}`);
  assert.equal(await hint.textContent(), "850 of 1,000 characters.");
  assert.equal(await hint.getAttribute("data-level"), "near");

  const tooLong = `examine ${"x".repeat(1_042)}`;
  await player.commandLine.fill(tooLong);
  assert.equal(await player.commandLine.inputValue(), tooLong, "the line does not stop at 1,000 characters");
  assert.equal(await hint.textContent(), "1,050 characters: too long to send (the most is 1,000).");
  assert.equal(await hint.getAttribute("data-level"), "over");
  const echoesBefore = await echoes.count();
  await player.commandLine.press("Enter");
  await player.line("That command is 1,050 characters long, and the server takes at most 1,000. Nothing was sent");
  assert.equal(await echoes.count(), echoesBefore);
  assert.equal(await player.commandLine.inputValue(), tooLong, "nothing is lost");

  await player.commandLine.fill("look");
  assert.equal(await hint.isVisible(), false);
});

test("speech longer than the server keeps is warned of, goes cut only when sent again, and the answer says so", async () => {
  const listener = await game.bot("Listener");
  const player = await game.enter("Orator");
  const hint = player.page.locator("#command-limit");

  await player.commandLine.fill(`say ${"a".repeat(360)}`);
  assert.equal(await hint.textContent(), "Speech: 360 of 400 characters.");
  await player.commandLine.fill(`tell ${listener.name} ${"b".repeat(380)}`);
  assert.equal(await hint.textContent(), "Speech: 380 of 400 characters.", "the player's name is not speech");

  const speech = `${"c".repeat(399)}d${"e".repeat(50)}`;
  await player.commandLine.fill(`say ${speech}`);
  assert.equal(await hint.textContent(), "Speech: 450 characters. Only the first 400 are heard.");
  await player.commandLine.press("Enter");
  await player.line("Only the first 400 characters of speech are heard, and \"say cccc");
  assert.equal(await player.commandLine.inputValue(), `say ${speech}`, "not sent yet");

  await player.commandLine.press("Enter");
  const said = await player.line("You say");
  assert.equal(await said.textContent(), `You say, "${speech.slice(0, 400)}"\nOnly the first 400 characters were said.`,
    "the server's answer says the speech was cut");
  assert.equal(await player.commandLine.inputValue(), "");
  const heard = listener.events.find((event) => event.type === "say");
  assert.equal(heard.text, `${player.name} says, "${speech.slice(0, 400)}"`);
});

test("a pasted block is one command a line, 20 at a time, the rest kept on the line", async () => {
  const listener = await game.bot("Audience");
  const player = await game.enter("Paster");
  await player.page.locator("#room-players button", { hasText: listener.name }).waitFor();
  const block = Array.from({ length: 25 }, (_, index) => `say line ${index + 1}`);

  await player.commandLine.focus();
  await player.page.keyboard.insertText(block.join("\n"));
  assert.equal(await player.commandLine.inputValue(), block.join("\n"), "the block keeps its lines");
  const rows = await player.commandLine.evaluate((line) => line.clientHeight / parseFloat(getComputedStyle(line).lineHeight));
  assert.ok(rows >= 6 && rows < 7, `the command line grows to six rows, not ${rows}`);
  await player.commandLine.press("Enter");

  await player.line("Sent the first 20 commands. The other 5 are still on the command line: press Enter to send them.");
  assert.equal(await player.commandLine.inputValue(), block.slice(20).join("\n"));
  await player.line("You say, \"line 20\"");
  await player.commandLine.press("Enter");
  await player.line("You say, \"line 25\"");

  const echoed = (await player.output.locator(".command").allTextContents()).filter((text) => text.startsWith("say line"));
  assert.deepEqual(echoed, block);
  const said = (await player.lines()).filter((text) => text.startsWith("You say"));
  assert.deepEqual(said, block.map((command) => `You say, "${command.slice(4)}"`), "each answer follows its command, in order");
  await player.line("You say, \"line 25\"");
  const deadline = Date.now() + 5_000;
  while (listener.events.filter((event) => event.type === "say").length < 25 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual(
    listener.events.filter((event) => event.type === "say").map((event) => event.text),
    block.map((command) => `${player.name} says, "${command.slice(4)}"`),
  );
  assert.equal(await player.output.locator(".error").count(), 0, "none refused for going too fast");
});

test("\";;\" stacks commands, a single \";\" stays in speech, and the setting turns stacking off", async () => {
  const player = await game.enter("Stacker");

  await player.type("n;;s");
  await player.output.locator(".room-name", { hasText: "Library" }).waitFor();
  await player.page.locator("#room-name", { hasText: "Great Hall" }).waitFor();
  const echoes = await player.output.locator(".command").allTextContents();
  assert.deepEqual(echoes.slice(-2), ["n", "s"]);

  await player.type("say wait; then go");
  await player.line("You say, \"wait; then go\"");

  await player.setSetting("Stack commands", false);
  await player.type("say one;;two");
  await player.line("You say, \"one;;two\"");
  assert.equal((await player.output.locator(".command").allTextContents()).at(-1), "say one;;two");
});

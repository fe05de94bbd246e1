// The settings in the side panel: kept in the browser across reloads and
// shared by its tabs, the screen-reader mode (a plain command echo, spoken
// connection changes and completions), and notifications the browser
// refuses.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useGame } from "./support/game.js";

const game = useGame();

function echoDecoration(player) {
  return player.output.locator(".command").last().evaluate((echo) => getComputedStyle(echo, "::before").content);
}

test("the settings are in the side panel, outlive a reload and reach the other tabs", async () => {
  const player = await game.enter("Settler");
  const settings = player.page.getByRole("region", { name: "Settings" });
  const stacking = settings.getByLabel("Stack commands");
  const screenReader = settings.getByLabel("Screen-reader mode");
  const notifications = settings.getByLabel("Notify me");
  assert.deepEqual(
    [await stacking.isChecked(), await screenReader.isChecked(), await notifications.isChecked()],
    [true, false, false],
    "stacking is on by default, the rest off",
  );
  const otherTab = await game.tab(player);
  await otherTab.waitForGame();

  await stacking.uncheck();
  await screenReader.check();
  await otherTab.page.waitForFunction(() => document.body.classList.contains("screen-reader"));
  assert.equal(await otherTab.page.locator("#setting-stacking").isChecked(), false);

  await player.page.reload();
  await player.waitForGame();
  assert.equal(await stacking.isChecked(), false);
  assert.equal(await screenReader.isChecked(), true);
  await player.type("n;;s");
  await player.line("There is no \"n;;s\" command.");
});

test("the screen-reader mode echoes plainly and speaks connection changes and completions", async () => {
  const link = game.link();
  const player = await game.enter("Listener", {}, link);
  player.expectConsoleErrors(/ERR_CONNECTION_RESET|ERR_CONNECTION_REFUSED|ERR_EMPTY_RESPONSE/, /WebSocket connection to .* failed/);
  const announcer = player.page.locator("#announcer");
  assert.equal(await announcer.getAttribute("aria-live"), "polite");
  await player.type("look");
  await player.line("A long hall");
  assert.equal(await echoDecoration(player), "\"› \"");
  await player.commandLine.fill("examine mar");
  await player.commandLine.press("Tab");
  assert.equal(await announcer.textContent(), "", "quiet outside the mode");

  await player.setSetting("Screen-reader mode", true);
  assert.equal(await echoDecoration(player), "none", "no decoration on the echo");

  await player.commandLine.fill("examine mar");
  await player.commandLine.press("Tab");
  assert.equal(await announcer.textContent(), "marble statue");
  await player.commandLine.fill("g");
  await player.commandLine.press("Tab");
  assert.equal(await announcer.textContent(), "gate, 1 of 3");
  await player.commandLine.press("Tab");
  assert.equal(await announcer.textContent(), "give, 2 of 3");
  await player.commandLine.fill("say xyz");
  await player.commandLine.press("Tab");
  assert.equal(await announcer.textContent(), "No completion.");
  await player.commandLine.fill(`say ${"a".repeat(401)}`);
  assert.equal(await announcer.textContent(), "Speech: 401 characters. Only the first 400 are heard.");
  await player.commandLine.fill("");

  link.cut();
  await player.page.locator("#announcer", { hasText: "Lost the connection to the server. Reconnecting." }).waitFor();
  link.restore();
  await player.page.locator("#announcer", { hasText: "Reconnected." }).waitFor({ timeout: 15_000 });
});

test("notifications the browser refuses turn the setting off again, saying why", async () => {
  const player = await game.enter("Private");
  const box = player.page.locator("#setting-notifications");
  // Headless Chromium turns down every permission nobody granted.
  await box.check();
  await player.page.locator("#settings-note", { hasText: "The browser did not allow notifications." }).waitFor();
  assert.equal(await box.isChecked(), false);
  assert.equal(await player.page.evaluate(() => localStorage.getItem("hearth.settings")), null);
});

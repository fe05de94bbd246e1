// A phone: a narrow screen, no sideways scrolling, the command line in view
// even with the on-screen keyboard up, and the side panel folded away.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Bot } from "./support/bot.js";
import { launchBrowser, Player } from "./support/browser.js";
import { HearthServer } from "./support/server.js";

const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

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

// Whether anything on the page is wider than the screen.
function scrollsSideways(page) {
  return page.evaluate(() => {
    const page = document.scrollingElement;
    const output = document.getElementById("output");
    return page.scrollWidth > page.clientWidth || output.scrollWidth > output.clientWidth;
  });
}

async function isWithinScreen(locator, { width, height }) {
  const box = await locator.boundingBox();
  return box !== null && box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height;
}

// Whether `locator` comes within the screen once the page has had up to
// two seconds to lay itself out again (a resize is handled asynchronously).
async function settlesWithinScreen(locator, screen) {
  const deadline = Date.now() + 2_000;
  while (!(await isWithinScreen(locator, screen))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

test("on a phone the game fits the screen, with the side panel folded away", async () => {
  const player = await Player.open(browser, server, PHONE);
  const { page } = player;
  await page.locator("#login-form").waitFor();
  assert.equal(await scrollsSideways(page), false, "the login screen fits");
  await player.register("Pocket");

  const bot = await Bot.join(server, "Longwinded");
  await bot.command(`say ${"supercalifragilistic".repeat(15)}`);
  await player.line("Longwinded says");
  assert.equal(await scrollsSideways(page), false, "the game fits, long words and all");
  assert.equal(await isWithinScreen(player.commandLine, PHONE.viewport), true);
  assert.equal(await page.locator("#panel").isVisible(), false);
  const toggle = page.getByRole("button", { name: "Room & players" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");

  const keyboardUp = { width: 375, height: 330 };
  await page.setViewportSize(keyboardUp);
  assert.equal(await settlesWithinScreen(player.commandLine, keyboardUp), true, "the command line stays above the keyboard");
  await page.setViewportSize(PHONE.viewport);

  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const panel = page.locator("#panel");
  await page.waitForFunction(() => document.getAnimations().length === 0);
  assert.equal(await isWithinScreen(panel, PHONE.viewport), true);
  assert.equal(await scrollsSideways(page), false);

  await panel.getByRole("button", { name: "Go north" }).click();
  await player.output.locator(".room-name", { hasText: "Library" }).waitFor();
  assert.equal(await panel.isVisible(), false, "the panel folds away after a choice");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");

  await toggle.click();
  await panel.getByRole("button", { name: "Go south" }).focus();
  await page.keyboard.press("Escape");
  assert.equal(await panel.isVisible(), false, "Escape folds the panel");
  assert.equal(await page.evaluate(() => document.activeElement.id), "panel-toggle");
  bot.leave();
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

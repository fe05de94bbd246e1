// A phone: a narrow screen, no sideways scrolling, the command line and the
// newest lines in view even with the on-screen keyboard up, buttons big
// enough for a finger, and the side panel folded away with a Close button.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useGame } from "./support/game.js";

const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
// The same phone with its on-screen keyboard up.
const KEYBOARD_UP = { width: 375, height: 330 };

// The least size of a touch target (WCAG 2.5.5).
const FINGER_PX = 44;

const game = useGame();

// Whether anything on the page is wider than the screen.
function scrollsSideways(page) {
  return page.evaluate(() => {
    const page = document.scrollingElement;
    const output = document.getElementById("output");
    return page.scrollWidth > page.clientWidth || output.scrollWidth > output.clientWidth;
  });
}

async function isWithin(locator, { x = 0, y = 0, width, height }) {
  const box = await locator.boundingBox();
  return box !== null && box.x >= x && box.y >= y && box.x + box.width <= x + width && box.y + box.height <= y + height;
}

// Whether `locator` comes within `area` once the page has had up to two
// seconds to lay itself out again (a resize is handled asynchronously).
async function settlesWithin(locator, area) {
  const deadline = Date.now() + 2_000;
  while (!(await isWithin(locator, area))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

test("on a phone the game fits the screen, with the side panel folded away", async () => {
  const player = await game.player(PHONE);
  const { page } = player;
  await page.locator("#login-form").waitFor();
  assert.equal(await scrollsSideways(page), false, "the login screen fits");
  await player.register(game.name("Pocket"));

  const bot = await game.bot("Longwinded");
  await bot.command(`say ${"supercalifragilistic".repeat(15)}`);
  await player.line(`${bot.name} says`);
  assert.equal(await scrollsSideways(page), false, "the game fits, long words and all");
  assert.equal(await isWithin(player.commandLine, PHONE.viewport), true);
  assert.equal(await page.locator("#panel").isVisible(), false);
  const toggle = page.getByRole("button", { name: "Room & players" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");

  await page.setViewportSize(KEYBOARD_UP);
  assert.equal(await settlesWithin(player.commandLine, KEYBOARD_UP), true, "the command line stays above the keyboard");
  await page.setViewportSize(PHONE.viewport);

  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const panel = page.locator("#panel");
  await page.waitForFunction(() => document.getAnimations().length === 0);
  assert.equal(await isWithin(panel, PHONE.viewport), true);
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
});

test("the side panel has a Close button on a phone, and none on a wide screen", async () => {
  const player = await game.enter("Closer", PHONE);
  const { page } = player;
  const toggle = page.getByRole("button", { name: "Room & players" });
  const panel = page.locator("#panel");
  const close = panel.getByRole("button", { name: "Close the side panel" });

  await toggle.click();
  await page.waitForFunction(() => document.getAnimations().length === 0);
  assert.equal(await isWithin(close, PHONE.viewport), true);
  await close.click();
  assert.equal(await panel.isVisible(), false);
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.id), "panel-toggle");

  await page.setViewportSize({ width: 1200, height: 800 });
  await page.locator("#panel").waitFor();
  assert.equal(await close.isVisible(), false, "a panel that is always shown has nothing to close");
});

test("opening the keyboard keeps the newest lines, the ones just typed, in view", async () => {
  const player = await game.enter("Thumbs", PHONE);
  const { page } = player;
  for (let round = 0; round < 3; round += 1) await player.type("help");
  await player.line("Type \"help <command>\"");
  await player.type("say just typed");
  const newest = await player.line("You say, \"just typed\"");
  const output = await player.output.boundingBox();
  assert.equal(await isWithin(newest, output), true, "in view before the keyboard opens");

  // The keyboard takes the bottom half of the screen: the visual viewport shrinks.
  await page.setViewportSize(KEYBOARD_UP);
  await page.waitForFunction((height) => window.visualViewport.height === height, KEYBOARD_UP.height);
  const shrunk = await player.output.boundingBox();
  assert.ok(shrunk.height < output.height / 2, "the game text shrank with the viewport");
  assert.equal(await settlesWithin(newest, shrunk), true, "the newest line is still in view");
  assert.equal(await settlesWithin(player.commandLine, KEYBOARD_UP), true);

  // A line that arrives with the keyboard up shows too.
  await player.type("say with the keyboard up");
  const next = await player.line("You say, \"with the keyboard up\"");
  assert.equal(await settlesWithin(next, shrunk), true);
  await page.setViewportSize(PHONE.viewport);
});

test("on a touch screen every exit and panel button is at least 44 by 44 pixels", async () => {
  const player = await game.enter("Fingers", PHONE);
  const { page } = player;
  const exits = player.output.locator(".room").last().locator("button.exit");
  assert.ok((await exits.count()) > 0);
  const sizes = async (locator) => Promise.all((await locator.all()).map((each) => each.boundingBox()));
  for (const box of await sizes(exits)) {
    assert.ok(box.width >= FINGER_PX && box.height >= FINGER_PX, `an exit of ${box.width}x${box.height}`);
  }
  assert.equal(await scrollsSideways(page), false);

  const toggle = page.getByRole("button", { name: "Room & players" });
  for (const box of await sizes(toggle)) assert.ok(box.width >= FINGER_PX && box.height >= FINGER_PX);
  await toggle.click();
  await page.waitForFunction(() => document.getAnimations().length === 0);
  for (const box of await sizes(page.locator("#panel button"))) {
    assert.ok(box.width >= FINGER_PX && box.height >= FINGER_PX, `a panel button of ${box.width}x${box.height}`);
  }
  assert.equal(await scrollsSideways(page), false);
});

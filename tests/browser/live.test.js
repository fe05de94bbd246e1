// Other players, live: their speech as literal text (never HTML), the side
// panel's who-is-here and who-is-online kept current, and what tells the
// player of lines that arrive while they look elsewhere: the unread count
// in the title and on the favicon, and (when they turn them on) browser
// notifications for tells and mentions of their name.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useGame } from "./support/game.js";

const game = useGame();

// Headless Chromium never hides a tab nor unfocuses a window by itself.
function hideTab(page, hidden) {
  return page.evaluate((hidden) => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

function focusWindow(page, focused) {
  return page.evaluate((focused) => window.dispatchEvent(new Event(focused ? "focus" : "blur")), focused);
}

test("another player's speech appears live, shown literally and never as HTML", async () => {
  const alice = await game.enter("Alice");
  const mallory = await game.enter("Mallory");
  await alice.line(`${mallory.name} has entered the world.`);
  const payload = `<b>bold</b><img src=x onerror="window.pwned = true">`;

  await mallory.type(`say ${payload}`);

  const heard = await alice.line(`${mallory.name} says`);
  assert.equal(await heard.textContent(), `${mallory.name} says, "${payload}"`);
  assert.equal(await heard.getAttribute("class"), "line say");
  assert.equal(await alice.output.locator("b, img").count(), 0);
  assert.equal(await alice.page.evaluate(() => window.pwned), undefined);
  const echoed = await mallory.line("You say");
  assert.equal(await echoed.textContent(), `You say, "${payload}"`);
  assert.equal(await mallory.output.locator("b, img").count(), 0);

  const bob = await game.bot("Bob");
  await bob.command(`tell ${alice.name} <i>psst</i>`);
  const tell = await alice.line(`${bob.name} tells you`);
  assert.equal(await tell.textContent(), `${bob.name} tells you, "<i>psst</i>"`);
  assert.equal(await tell.getAttribute("class"), "line tell");
  assert.equal(await alice.output.locator("i").count(), 0);
});

test("the side panel keeps who is here and who is online current", async () => {
  const player = await game.enter("Watcher");
  const online = player.page.locator("#online-players button");
  const here = player.page.locator("#room-players button");
  const items = player.page.locator("#room-items button");

  const visitor = await game.bot("Visitor");
  await here.filter({ hasText: visitor.name }).waitFor();
  await online.filter({ hasText: visitor.name }).waitFor();
  await online.filter({ hasText: player.name }).waitFor();
  assert.equal(await player.page.locator("#online-heading").textContent(), `Online (${await online.count()})`);

  const itemsBefore = await items.allTextContents();
  assert.ok(itemsBefore.includes("iron key"));
  await visitor.command("take iron key");
  await player.line(`${visitor.name} takes the iron key.`);
  assert.deepEqual(await items.allTextContents(), itemsBefore.filter((item) => item !== "iron key"));

  await visitor.command("north");
  await player.line(`${visitor.name} leaves north.`);
  assert.equal(await here.filter({ hasText: visitor.name }).count(), 0);

  await visitor.command("south");
  await here.filter({ hasText: visitor.name }).waitFor();
  await visitor.command("drop iron key");
  await items.filter({ hasText: "iron key" }).waitFor();
});

test("the title and the favicon count the lines that arrive while the player looks elsewhere", async () => {
  const player = await game.enter("Dozer");
  const talker = await game.bot("Talker");
  await player.line(`${talker.name} has entered the world.`);
  const { page } = player;
  assert.equal(await page.title(), "The Test Keep · Hearth");
  const icon = () => page.locator("link[rel=icon]").getAttribute("href");
  assert.equal(await icon(), "/favicon.svg");

  // A hidden tab.
  await hideTab(page, true);
  await talker.command("say one");
  await talker.command("say two");
  await player.line(`${talker.name} says, "two"`);
  assert.equal(await page.title(), "(2) The Test Keep · Hearth");
  await hideTab(page, false);
  assert.equal(await page.title(), "The Test Keep · Hearth");

  // A shown tab in a window that lost the focus.
  await focusWindow(page, false);
  await talker.command("say three");
  await player.line(`${talker.name} says, "three"`);
  assert.equal(await page.title(), "(1) The Test Keep · Hearth");
  await page.waitForFunction(() => document.querySelector("link[rel=icon]").href.startsWith("data:image/png"));
  // The badge is drawn over the icon's top right corner, in red.
  const badge = await page.evaluate(async () => {
    // Decoded from its bytes: the page's policy lets it load no data: URL.
    const base64 = document.querySelector("link[rel=icon]").href.split(",")[1];
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const image = await createImageBitmap(new Blob([bytes], { type: "image/png" }));
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const corner = context.getImageData(image.width * 0.9, image.height * 0.3, 1, 1).data;
    return { size: image.width, red: corner[0], green: corner[1], blue: corner[2] };
  });
  assert.equal(badge.size, 64);
  assert.ok(badge.red > 150 && badge.green < 60 && badge.blue < 80, `a red badge, not ${JSON.stringify(badge)}`);

  await focusWindow(page, true);
  assert.equal(await page.title(), "The Test Keep · Hearth");
  assert.equal(await icon(), "/favicon.svg");
});

test("notifications, once turned on, tell of tells and mentions while the player looks elsewhere", async () => {
  const player = await game.player();
  const { page } = player;
  await player.context.grantPermissions(["notifications"], { origin: new URL(game.server.url).origin });
  // Headless Chromium shows no notification; the page's calls are counted.
  await page.addInitScript(() => {
    const Real = window.Notification;
    window.shown = [];
    window.permissionAsked = 0;
    class Counted extends Real {
      constructor(title, options) {
        super(title, options);
        window.shown.push({ title, body: options?.body });
      }

      static requestPermission() {
        window.permissionAsked += 1;
        return Real.requestPermission();
      }
    }
    window.Notification = Counted;
  });
  await page.reload();
  await player.register(game.name("Notified"));
  const friend = await game.bot("Friend");
  await player.line(`${friend.name} has entered the world.`);
  await focusWindow(page, false);

  await friend.command(`tell ${player.name} before`);
  await player.line(`${friend.name} tells you, "before"`);
  assert.deepEqual(await page.evaluate(() => [window.shown.length, window.permissionAsked]), [0, 0], "off by default, nothing asked");

  await player.setSetting("Notify me", true);
  await page.waitForFunction(() => window.permissionAsked === 1);
  await friend.command(`tell ${player.name} psst`);
  await friend.command(`say hello ${player.name.toLowerCase()}, welcome`);
  await friend.command(`say nobody in particular`);
  await player.line(`${friend.name} says, "nobody in particular"`);
  assert.deepEqual(await page.evaluate(() => window.shown), [
    { title: `Tell from ${friend.name}`, body: `${friend.name} tells you, "psst"` },
    { title: `${friend.name} mentioned you`, body: `${friend.name} says, "hello ${player.name.toLowerCase()}, welcome"` },
  ]);

  await focusWindow(page, true);
  await friend.command(`tell ${player.name} while you look`);
  await player.line(`${friend.name} tells you, "while you look"`);
  assert.equal(await page.evaluate(() => window.shown.length), 2, "no notification while the player is looking");
});

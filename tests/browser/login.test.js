// Getting in: registering and logging in through the form, the server's
// reasons for a refusal, a reload that keeps the session, logging out (with
// the button or the `logout` command) and `quit`, which is the server's.

import assert from "node:assert/strict";
import { test } from "node:test";

import { useGame } from "./support/game.js";
import { PASSWORD } from "./support/server.js";

const game = useGame();

test("a new player registers through the form and enters the world", async () => {
  const alice = await game.player();
  const { page } = alice;
  await page.getByRole("heading", { name: "Welcome to The Test Keep" }).waitFor();
  assert.equal(await page.locator("#motd").textContent(), "Welcome to the Test Keep.");

  await alice.register(game.name("Alice"));

  assert.equal(await page.locator("#login-screen").isVisible(), false);
  assert.equal(await alice.output.getAttribute("role"), "log");
  assert.equal(await alice.output.locator(".room-name").last().textContent(), "Great Hall");
  await alice.output.locator(".system", { hasText: "Welcome to the Test Keep." }).waitFor();
  assert.equal(await page.locator("#player-name").textContent(), alice.name);
  assert.equal(await page.locator("#room-name").textContent(), "Great Hall");
  assert.equal(await page.title(), "The Test Keep · Hearth");
  assert.equal(await page.evaluate(() => document.activeElement.id), "command");
});

test("the login form shows the server's reason for every refusal", async () => {
  const taken = await game.account("Taken");
  const visitor = await game.player();
  visitor.expectConsoleErrors(/status of 40[019]/, /status of 429/);
  const error = visitor.page.locator("#login-error");
  const refusals = [
    [{ name: "al", action: "Create account" }, "A username is 3 to 20 characters"],
    [{ name: game.name("Shorty"), password: "short", action: "Create account" }, "password"],
    [{ name: taken.toLowerCase(), action: "Create account" }, "That name is taken."],
    [{ name: taken, password: "not the password" }, "Wrong username or password."],
    [{ name: game.name("Nobody") }, "Wrong username or password."],
  ];
  for (const [{ name, password, action }, reason] of refusals) {
    await visitor.submitLogin(name, { password, action });
    await visitor.page.locator("#login-error", { hasText: reason }).waitFor();
    assert.equal(await error.getAttribute("role"), "alert");
  }

  for (let attempt = 0; attempt < 10; attempt += 1) {
    await fetch(new URL("/api/login", game.server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: taken, password: "guess number one" }),
    });
  }
  await visitor.submitLogin(taken, { password: PASSWORD });
  await visitor.page.locator("#login-error", { hasText: "Too many failed logins" }).waitFor();
  assert.equal(await visitor.page.locator("#game-screen").isVisible(), false);
});

test("a reload keeps the session, and logging out ends it in every tab", async () => {
  const name = await game.account("Returning");
  const player = await game.player();
  await player.submitLogin(name);
  await player.waitForGame();

  await player.page.reload();
  await player.waitForGame();
  assert.equal(await player.page.locator("#login-screen").isVisible(), false);
  const otherTab = await game.tab(player);
  await otherTab.waitForGame();

  await player.page.getByRole("button", { name: "Log out" }).click();
  await player.page.locator("#login-form").waitFor();
  assert.equal(await player.page.locator("#game-screen").isVisible(), false);
  assert.equal(await player.output.locator(".line").count(), 0);
  await otherTab.page.locator("#login-error", { hasText: "Your session has ended." }).waitFor();
  assert.equal(await otherTab.page.locator("#game-screen").isVisible(), false);

  await player.page.reload();
  await player.page.locator("#login-form").waitFor();
  assert.equal(await player.page.locator("#game-screen").isVisible(), false);
});

test("the logout command logs out as the button does; quit is the server's to answer", async () => {
  const player = await game.enter("Leaver");

  await player.type("quit");
  const answer = player.output.locator(".command", { hasText: "quit" }).locator("xpath=following-sibling::div[1]");
  await answer.waitFor();
  assert.equal(await answer.getAttribute("class"), "line response", "the server answers quit");
  assert.match(await answer.textContent(), /type "logout"/, "and says how to leave");
  assert.equal(await player.page.locator("#game-screen").isVisible(), true);

  await player.type("LOGOUT");
  await player.page.locator("#login-form").waitFor();
  assert.equal(await player.page.locator("#game-screen").isVisible(), false);
  assert.equal(await player.page.locator("#login-error").textContent(), "");
  await player.page.reload();
  await player.page.locator("#login-form").waitFor();
  assert.equal(await player.page.locator("#game-screen").isVisible(), false, "the session is over");
});

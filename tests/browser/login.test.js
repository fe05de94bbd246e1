// Getting in: registering and logging in through the form, the server's
// reasons for a refusal, a reload that keeps the session, logging out.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { Bot } from "./support/bot.js";
import { launchBrowser, Player } from "./support/browser.js";
import { HearthServer, PASSWORD } from "./support/server.js";

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

test("a new player registers through the form and enters the world", async () => {
  const alice = await Player.open(browser, server);
  const { page } = alice;
  await page.getByRole("heading", { name: "Welcome to The Test Keep" }).waitFor();
  assert.equal(await page.locator("#motd").textContent(), "Welcome to the Test Keep.");

  await alice.register("Alice");

  assert.equal(await page.locator("#login-screen").isVisible(), false);
  assert.equal(await alice.output.getAttribute("role"), "log");
  assert.equal(await alice.output.locator(".room-name").last().textContent(), "Great Hall");
  await alice.output.locator(".system", { hasText: "Welcome to the Test Keep." }).waitFor();
  assert.equal(await page.locator("#player-name").textContent(), "Alice");
  assert.equal(await page.locator("#room-name").textContent(), "Great Hall");
  assert.equal(await page.title(), "The Test Keep · Hearth");
  assert.equal(await page.evaluate(() => document.activeElement.id), "command");
  assert.deepEqual(alice.unexpectedConsoleErrors(), []);
});

test("the login form shows the server's reason for every refusal", async () => {
  await Bot.account(server, "Taken");
  const visitor = await Player.open(browser, server);
  visitor.expectConsoleErrors(/status of 40[019]/, /status of 429/);
  const error = visitor.page.locator("#login-error");
  const refusals = [
    [{ name: "al", action: "Create account" }, "A username is 3 to 20 characters"],
    [{ name: "shorty", password: "short", action: "Create account" }, "password"],
    [{ name: "taken", action: "Create account" }, "That name is taken."],
    [{ name: "Taken", password: "not the password" }, "Wrong username or password."],
    [{ name: "nobody" }, "Wrong username or password."],
  ];
  for (const [{ name, password, action }, reason] of refusals) {
    await visitor.submitLogin(name, { password, action });
    await visitor.page.locator("#login-error", { hasText: reason }).waitFor();
    assert.equal(await error.getAttribute("role"), "alert");
  }

  for (let attempt = 0; attempt < 10; attempt += 1) {
    await fetch(new URL("/api/login", server.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "Taken", password: "guess number one" }),
    });
  }
  await visitor.submitLogin("Taken", { password: PASSWORD });
  await visitor.page.locator("#login-error", { hasText: "Too many failed logins" }).waitFor();
  assert.equal(await visitor.page.locator("#game-screen").isVisible(), false);
  assert.deepEqual(visitor.unexpectedConsoleErrors(), []);
});

test("a reload keeps the session, and logging out ends it in every tab", async () => {
  await Bot.account(server, "Returning");
  const player = await Player.open(browser, server);
  await player.submitLogin("Returning");
  await player.waitForGame();

  await player.page.reload();
  await player.waitForGame();
  assert.equal(await player.page.locator("#login-screen").isVisible(), false);
  const otherTab = await player.openTab(server);
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
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
  assert.deepEqual(otherTab.unexpectedConsoleErrors(), []);
});

test("typing logout logs out, as the game's quit command says", async () => {
  await Bot.account(server, "Typist");
  const player = await Player.open(browser, server);
  await player.submitLogin("Typist");
  await player.waitForGame();

  await player.type("quit");
  await player.line("type \"logout\"");
  await player.type("logout");
  await player.page.locator("#login-form").waitFor();
  assert.equal(await player.page.locator("#game-screen").isVisible(), false);
  assert.deepEqual(player.unexpectedConsoleErrors(), []);
});

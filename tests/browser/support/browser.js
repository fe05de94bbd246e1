// Debian's Chromium, headless, driven by playwright-core (which downloads no
// browser of its own), and a `Player`: one browser context on the game page,
// with every console error and uncaught exception the page produces kept.

import { chromium } from "playwright-core";

import { PASSWORD } from "./server.js";

const CHROMIUM = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

// The machine's network is closed: without these Chromium stalls on its own
// background connections.
const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// The longest any single wait in a test may take.
export const PATIENCE_MS = 10_000;

// Starting Chromium on a busy machine can take a while.
const LAUNCH_TIMEOUT_MS = 30_000;

export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: LAUNCH_TIMEOUT_MS });
}

export class Player {
  // A new browser context (its own cookies and storage) on the page at
  // `site.url` (a server, or a link to one).
  static async open(browser, site, contextOptions = {}) {
    return Player.inContext(await browser.newContext(contextOptions), site);
  }

  // The game page in a new tab of `context`.
  static async inContext(context, site) {
    const player = new Player(context, await context.newPage(), site);
    await player.page.goto(site.url);
    return player;
  }

  // Another tab of the same browser, sharing this player's session.
  openTab() {
    return Player.inContext(this.context, this.site);
  }

  constructor(context, page, site) {
    this.context = context;
    this.page = page;
    this.site = site;
    // The account's name, once `register` made it.
    this.name = null;
    this.consoleErrors = [];
    this.expectedErrors = [];
    page.setDefaultTimeout(PATIENCE_MS);
    page.on("console", (message) => {
      if (message.type() === "error") this.consoleErrors.push(`${message.text()} @ ${message.location().url}`);
    });
    page.on("pageerror", (error) => this.consoleErrors.push(`uncaught: ${error.message}`));
  }

  // Console errors a test provokes on purpose (the browser logs every HTTP
  // error answer and refused connection), as regular expressions.
  expectConsoleErrors(...patterns) {
    this.expectedErrors.push(...patterns);
  }

  // Console errors nobody expected; a test asserts there are none.
  unexpectedConsoleErrors() {
    return this.consoleErrors.filter((text) => !this.expectedErrors.some((pattern) => pattern.test(text)));
  }

  get output() {
    return this.page.locator("#output");
  }

  get commandLine() {
    return this.page.locator("#command");
  }

  // Fills the login form and presses "Log in" or "Create account".
  async submitLogin(name, { password = PASSWORD, action = "Log in" } = {}) {
    await this.page.getByLabel("Name", { exact: true }).fill(name);
    await this.page.getByLabel("Password", { exact: true }).fill(password);
    await this.page.getByRole("button", { name: action }).click();
  }

  // Creates an account through the form and waits to be in the game.
  async register(name) {
    await this.submitLogin(name, { action: "Create account" });
    await this.waitForGame();
    this.name = name;
  }

  // Waits until the game is on screen, connected, showing the room.
  async waitForGame() {
    await this.page.locator("#connection[data-state=connected]").waitFor();
    await this.output.locator(".room-name").last().waitFor();
  }

  // Types a command and presses Enter.
  async type(command) {
    await this.commandLine.fill(command);
    await this.commandLine.press("Enter");
  }

  // The last line of game text that contains `text`, once it is there.
  async line(text) {
    const line = this.output.locator(".line", { hasText: text }).last();
    await line.waitFor();
    return line;
  }

  // Every line of game text, as it reads.
  lines() {
    return this.output.locator(".line").allTextContents();
  }

  // Ticks (or clears) a check box of the panel's Settings.
  setSetting(label, on) {
    return this.page.locator(".settings").getByLabel(label).setChecked(on);
  }
}

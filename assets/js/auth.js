// The login screen: one form to log in or create an account. Creating an
// account logs straight in. Every refusal shows the server's own reason.

import * as api from "./api.js";

export class LoginScreen {
  // `loggedIn()` runs once the session cookie is set.
  constructor(loggedIn) {
    this.loggedIn = loggedIn;
    this.screen = document.getElementById("login-screen");
    this.form = document.getElementById("login-form");
    this.error = document.getElementById("login-error");
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.attempt(event.submitter?.value === "register" ? "register" : "login");
    });
  }

  // Shows the form, with `message` (why the player is here) when there is one.
  show(message = "") {
    this.screen.hidden = false;
    this.error.textContent = message;
    this.setBusy(false);
    this.form.elements.username.focus();
  }

  hide() {
    this.screen.hidden = true;
    this.form.elements.password.value = "";
  }

  // Shows the world's name and message of the day.
  welcome({ name, motd }) {
    document.getElementById("login-world-name").textContent = name;
    const motdLine = document.getElementById("motd");
    motdLine.textContent = motd ?? "";
    motdLine.hidden = !motd;
  }

  async attempt(action) {
    const username = this.form.elements.username.value.trim();
    const password = this.form.elements.password.value;
    this.setBusy(true);
    this.error.textContent = "";
    const outcome = action === "register"
      ? await registerAndLogin(username, password)
      : await api.login(username, password);
    this.setBusy(false);
    if (outcome.ok) {
      this.loggedIn();
    } else {
      this.error.textContent = outcome.error;
      this.form.elements[action === "register" ? "username" : "password"].select();
    }
  }

  setBusy(busy) {
    for (const button of this.form.querySelectorAll("button")) button.disabled = busy;
    this.form.setAttribute("aria-busy", String(busy));
  }
}

async function registerAndLogin(username, password) {
  const registered = await api.register(username, password);
  return registered.ok ? api.login(username, password) : registered;
}

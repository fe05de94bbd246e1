// The account API over HTTP. Every answer comes back as { ok, data } or
// { ok: false, error }, with `error` a sentence fit to show the player: the
// server's own words when it gave some, else what went wrong on the way.

const JSON_HEADERS = { "content-type": "application/json" };

export function fetchWorld() {
  return request("GET", "/api/world");
}

// Whose session this browser holds: `{ username }`, null when logged out.
export function fetchSession() {
  return request("GET", "/api/session");
}

export function register(username, password) {
  return request("POST", "/api/register", { username, password });
}

export function login(username, password) {
  return request("POST", "/api/login", { username, password });
}

export function logout() {
  return request("POST", "/api/logout");
}

async function request(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? {} : JSON_HEADERS,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    return { ok: false, error: "Cannot reach the server. Is it running?" };
  }
  const data = await response.json().catch(() => null);
  if (response.ok) {
    return { ok: true, data };
  }
  return { ok: false, error: explain(response, data) };
}

function explain(response, data) {
  return typeof data?.error === "string" ? sentence(data.error) : fallback(response.status);
}

function fallback(status) {
  if (status === 503) return "The server is shutting down. Try again in a moment.";
  if (status === 429) return "Too many attempts. Try again in a few minutes.";
  return `The server answered ${status}.`;
}

// The server's lower-case reason as a sentence: "that name is taken" becomes
// "That name is taken."
export function sentence(text) {
  const capitalised = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

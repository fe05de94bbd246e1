// Browser notifications, for the player who turns them on in Settings: a
// tell, or someone else's line that names the player, while the player is
// not looking at the page. Permission is asked only when they turn the
// setting on, never before.

// Event types in which another player may name this one.
const SPOKEN = new Set(["say", "emote", "shout", "channel"]);

export class Notifier {
  constructor(settings, attention) {
    this.settings = settings;
    this.attention = attention;
  }

  static get isSupported() {
    return "Notification" in window;
  }

  // Asks the browser for permission (which it gives at once if it was given
  // before); resolves to whether it was given.
  async ask() {
    if (!Notifier.isSupported) return false;
    return (await Notification.requestPermission()) === "granted";
  }

  // An event from the server, which may deserve a notification for `me`.
  consider(event, me) {
    if (!this.settings.get("notifications") || !Notifier.isSupported || Notification.permission !== "granted") return;
    if (this.attention.isLooking || typeof event.text !== "string") return;
    const fromSomeoneElse = typeof event.from !== "string" || event.from.toLowerCase() !== me?.toLowerCase();
    const isTell = event.type === "tell";
    const isMention = SPOKEN.has(event.type) && fromSomeoneElse && names(event.text, me);
    if (!isTell && !isMention) return;
    const notification = new Notification(isTell ? `Tell from ${event.from ?? "someone"}` : `${event.from ?? "Someone"} mentioned you`, {
      body: event.text,
      tag: "hearth",
    });
    notification.addEventListener("click", () => {
      window.focus();
      notification.close();
    });
  }
}

// Whether `text` names `name` as a whole word, in any case.
function names(text, name) {
  if (typeof name !== "string" || name === "") return false;
  const lower = text.toLowerCase();
  const wanted = name.toLowerCase();
  for (let at = lower.indexOf(wanted); at !== -1; at = lower.indexOf(wanted, at + 1)) {
    const before = lower[at - 1] ?? " ";
    const after = lower[at + wanted.length] ?? " ";
    if (!/[a-z0-9_-]/.test(before) && !/[a-z0-9_-]/.test(after)) return true;
  }
  return false;
}

// Never miss a line, never see one twice. The server numbers every message
// it sends an account (`seq`, shared by all the account's tabs, so one tab
// sees gaps where a message went to another). The page remembers the last
// number it saw and sends it as `since` when it reconnects; the server then
// sends again what was missed, marked `replayed`. A message numbered at or
// below the last one seen is one the page already has (a reconnection
// raced it) and is dropped.
//
// A server that numbers nothing (older than this) is simply never asked to
// replay, and every message is new.

export class Resume {
  constructor() {
    this.lastSeen = null;
  }

  // What the page sends as Socket.IO `auth` on every connection attempt.
  get auth() {
    return this.lastSeen === null ? {} : { since: this.lastSeen };
  }

  // A new login, or logging out: nothing to resume.
  forget() {
    this.lastSeen = null;
  }

  // The server welcomed the socket; `seq` is the last number it used.
  welcomed({ seq }) {
    if (typeof seq !== "number") {
      this.lastSeen = null;
    } else if (this.lastSeen === null || seq < this.lastSeen) {
      // A first connection starts from here; a server whose numbers went
      // back (it forgot them, restarting) starts again from its own.
      this.lastSeen = seq;
    }
  }

  // Whether `message` is new; a new one's number is remembered.
  admit(message) {
    const seq = message?.seq;
    if (typeof seq !== "number") return true;
    if (this.lastSeen !== null && seq <= this.lastSeen) return false;
    this.lastSeen = seq;
    return true;
  }
}

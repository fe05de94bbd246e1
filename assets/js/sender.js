// Commands go out one at a time, in order: each is shown, sent, and its
// answer shown before the next goes, so a pasted block or a stack ("n;;e")
// reads as command, answer, command, answer. They are also spaced out a
// little, since the server refuses more than 20 commands a second from one
// connection.

// The least time between two commands sent from the queue.
const SPACING_MS = 60;

export class Sender {
  // `connection` sends; `on` holds what the page shows: sending(command),
  // answered(command, answer), unanswered(command, error) and
  // unsent(command), for one the connection dropped before it went.
  constructor(connection, on) {
    this.connection = connection;
    this.on = on;
    this.queue = Promise.resolve();
  }

  // Queues `command`; `unsent(command)`, when given, replaces the page's
  // own handling of a command that could not go out.
  run(command, unsent = this.on.unsent) {
    this.queue = this.queue.then(() => this.sendNow(command, unsent));
  }

  async sendNow(command, unsent) {
    if (!this.connection.isConnected) {
      unsent(command);
      return;
    }
    const started = performance.now();
    this.on.sending(command);
    try {
      this.on.answered(command, await this.connection.send(command));
    } catch (error) {
      this.on.unanswered(command, error);
    }
    const wait = SPACING_MS - (performance.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

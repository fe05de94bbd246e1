// The connection indicator in the header, always in view while playing. It
// is a live status region, so screen readers hear the changes too.

const LABELS = {
  connecting: () => "Connecting…",
  connected: () => "Connected",
  reconnecting: (attempt) => (attempt > 1 ? `Reconnecting… (try ${attempt})` : "Reconnecting…"),
};

export class ConnectionStatus {
  constructor() {
    this.element = document.getElementById("connection");
  }

  show(state, attempt = 0) {
    this.element.hidden = false;
    this.element.dataset.state = state;
    this.element.textContent = LABELS[state](attempt);
  }

  hide() {
    this.element.hidden = true;
  }
}

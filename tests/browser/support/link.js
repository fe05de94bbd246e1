// A network link between the browser and the server that a test can cut
// and restore, as a phone's connection drops: a TCP relay on 127.0.0.1
// whose connections are all reset when cut, and which refuses new ones until
// restored. The page is served through it, so its origin is the relay's:
// another origin than the server's own, which the server only admits when
// told to (`--allow-origin`). So the relay listens before the server starts,
// and learns the server's port only when a connection comes.

import net from "node:net";

export class Link {
  // `serverPort()` gives the port to relay to when a connection comes.
  static async open(serverPort) {
    const link = new Link(serverPort);
    await new Promise((resolve, reject) => {
      link.relay.once("error", reject);
      link.relay.listen(0, "127.0.0.1", resolve);
    });
    return link;
  }

  constructor(serverPort) {
    this.serverPort = serverPort;
    this.isCut = false;
    this.pairs = new Set();
    this.relay = net.createServer((client) => this.accept(client));
  }

  get origin() {
    return `http://127.0.0.1:${this.relay.address().port}`;
  }

  get url() {
    return `${this.origin}/`;
  }

  accept(client) {
    if (this.isCut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.serverPort(), "127.0.0.1");
    const pair = { client, upstream };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  // Drops every connection, as a lost signal does, and refuses new ones.
  cut() {
    this.isCut = true;
    for (const { client, upstream } of this.pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    this.pairs.clear();
  }

  restore() {
    this.isCut = false;
  }

  close() {
    this.cut();
    return new Promise((resolve) => this.relay.close(resolve));
  }
}

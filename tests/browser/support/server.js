// The real `hearth` binary, started on 127.0.0.1 with a free port, a fresh
// data directory and a small test world, the way a host runs it.

import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BINARY = process.env.HEARTH_BIN ?? path.resolve(HERE, "../../../target/debug/hearth");
const START_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 15_000;

export const PASSWORD = "correct horse battery";

// The small world the tests play, shared with the Rust integration tests.
const TEST_WORLD = path.resolve(HERE, "../../worlds/test-keep.toml");

export class HearthServer {
  // `allowedOrigins`: other origins the pages may come from (a Link's).
  static async start(allowedOrigins = []) {
    const dir = await mkdtemp(path.join(tmpdir(), "hearth-browser-"));
    const server = new HearthServer(dir, TEST_WORLD, allowedOrigins);
    try {
      await server.launch(0);
    } catch (error) {
      await server.dispose();
      throw error;
    }
    return server;
  }

  constructor(dir, world, allowedOrigins) {
    this.dir = dir;
    this.world = world;
    this.allowedOrigins = allowedOrigins;
    this.port = null;
    this.process = null;
    this.log = "";
  }

  get url() {
    return `http://127.0.0.1:${this.port}/`;
  }

  // Starts the binary on `port` (0: any free one) and waits for its address.
  async launch(port) {
    const child = spawn(
      BINARY,
      [
        "--bind", "127.0.0.1", "--port", String(port), "--data-dir", path.join(this.dir, "data"), "--world", this.world,
        ...this.allowedOrigins.flatMap((origin) => ["--allow-origin", origin]),
        // Every test's players register, and some fail to log in, from
        // 127.0.0.1; the per-address limits have their own tests
        // (tests/server/accounts.rs).
        "--registrations-per-address", "100000", "--failed-logins-per-address", "100000",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    this.process = child;
    child.stderr.on("data", (chunk) => { this.log += chunk; });
    this.port = await new Promise((resolve, reject) => {
      let printed = "";
      const timer = setTimeout(() => fail(new Error(`hearth printed no address in ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
      const fail = (error) => {
        clearTimeout(timer);
        reject(new Error(`${error.message}\nstdout:\n${printed}\nstderr:\n${this.log}`));
      };
      child.on("error", fail);
      child.on("exit", (code) => fail(new Error(`hearth exited with ${code} before serving`)));
      child.stdout.on("data", (chunk) => {
        printed += chunk;
        const address = printed.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
        if (address) {
          clearTimeout(timer);
          child.removeAllListeners("exit");
          resolve(Number(address[1]));
        }
      });
    });
  }

  // Stops it the way a host does (SIGTERM) and waits for it to exit.
  async stop() {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  async dispose() {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}

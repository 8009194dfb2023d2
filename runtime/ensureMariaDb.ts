import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { createConnection } from "mysql2/promise";

export interface MariaDb {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** Where it came from, for the start-up banner. */
  readonly origin: "existing" | "private";
  stop(): Promise<void>;
}

/**
 * Uses the MariaDB already answering on 127.0.0.1:3306 (root, empty password),
 * or starts a private unprivileged `mariadbd` with its own data dir under
 * `<dataDir>/mariadb` (ready in about a second), which `stop` shuts down.
 */
export async function ensureMariaDb(options: {
  dataDir: string;
  port?: number;
  /** Use the server on 127.0.0.1:3306 when it answers (default true). */
  useExisting?: boolean;
  log: (line: string) => void;
}): Promise<MariaDb> {
  const existing = { host: "127.0.0.1", port: 3306, user: "root", password: "" };
  if (options.useExisting !== false && (await answers(existing))) {
    return { ...existing, origin: "existing", stop: async () => {} };
  }
  if (!commandExists("mariadbd")) {
    throw new Error(
      "MariaDB is not running on 127.0.0.1:3306 and not installed: run `sudo apt-get install -y mariadb-server`",
    );
  }
  const port = options.port ?? 3307;
  const directory = join(options.dataDir, "mariadb");
  const config = writeConfig(directory, port);
  if (!existsSync(join(directory, "data", "mysql"))) {
    options.log(`initialising a private MariaDB in ${directory}`);
    const init = spawnSync(
      "mariadb-install-db",
      [`--defaults-file=${config}`, "--skip-test-db", "--auth-root-authentication-method=normal"],
      { encoding: "utf8" },
    );
    if (init.status !== 0) throw new Error(`mariadb-install-db failed: ${init.stderr}`);
  }
  const server = spawn("mariadbd", [`--defaults-file=${config}`], { detached: true, stdio: "ignore" });
  // An exit that skips stop() (a second Ctrl-C, a hung shutdown) still shuts it down, cleanly.
  const stopOnExit = () => {
    try {
      if (server.pid) process.kill(-server.pid, "SIGTERM");
    } catch {
      // Gone already.
    }
  };
  process.once("exit", stopOnExit);
  const target = { host: "127.0.0.1", port, user: "root", password: "" };
  for (let attempt = 0; attempt < 100 && !(await answers(target)); attempt += 1) await delay(100);
  if (!(await answers(target))) throw new Error(`the private MariaDB did not answer on port ${port}`);
  return {
    ...target,
    origin: "private",
    async stop() {
      process.off("exit", stopOnExit);
      if (!server.pid || server.exitCode !== null) return;
      const exited = new Promise((resolve) => server.once("exit", resolve));
      process.kill(-server.pid, "SIGTERM");
      await exited;
    },
  };
}

function writeConfig(directory: string, port: number): string {
  mkdirSync(join(directory, "data"), { recursive: true });
  const config = join(directory, "my.cnf");
  const runAs = process.getuid?.() === 0 ? "user = root\n" : "";
  writeFileSync(
    config,
    `[mysqld]\n${runAs}datadir = ${join(directory, "data")}\nsocket = ${join(directory, "mysqld.sock")}\nport = ${port}\nbind-address = 127.0.0.1\nskip-name-resolve\n`,
  );
  return config;
}

async function answers(target: {
  host: string;
  port: number;
  user: string;
  password: string;
}): Promise<boolean> {
  try {
    const connection = await createConnection({ ...target, connectTimeout: 1_000 });
    await connection.end();
    return true;
  } catch {
    return false;
  }
}

function commandExists(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

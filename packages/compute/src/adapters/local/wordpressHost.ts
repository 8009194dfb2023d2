import { spawn } from "node:child_process";
import { readdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "@bbws/mesh";
import { ComputeError } from "../../domain/errors.ts";
import { phpCommand, type RunAs } from "./phpServer.ts";
import type { RuntimeAssets } from "./runtimeAssets.ts";
import { readIfExists } from "./tenantConfig.ts";

export const DEFAULT_THEME = "bbws";

/**
 * Debian's wp-config.php loads /etc/wordpress/config-<Host>.php chosen by the
 * client's Host header, falling back to config-default.php. We install only
 * that fallback (it selects the tenant by the process environment) and warn
 * about any per-host file, which would take precedence for its host.
 */
export function installHostConfig(input: { etcDir: string; assets: RuntimeAssets; logger: Logger }): void {
  const target = join(input.etcDir, "config-default.php");
  const source = input.assets.hostConfig;
  const wanted = readIfExists(source);
  if (wanted === undefined) throw new Error(`missing asset ${source}`);
  if (readIfExists(target) !== wanted) {
    try {
      writeFileSync(`${target}.${process.pid}.tmp`, wanted, { mode: 0o644 });
      renameSync(`${target}.${process.pid}.tmp`, target);
    } catch (error) {
      throw new ComputeError(
        "COMPUTE.HOST_CONFIG_NOT_INSTALLED",
        `cannot write ${target}; as root run: install -m 0644 ${source} ${target}`,
        { retryable: false, cause: error },
      );
    }
  }
  const perHost = readdirSync(input.etcDir).filter(
    (name) => /^config-.+\.php$/.test(name) && name !== "config-default.php",
  );
  if (perHost.length > 0)
    input.logger.warn("per-host WordPress configs take precedence over the tenant's for their Host", {
      files: perHost.map((name) => join(input.etcDir, name)),
    });
}

/** Prepares the content directory and installs WordPress (idempotent), as the tenant. */
export async function installWordPress(input: {
  php: string;
  assets: RuntimeAssets;
  runAs: RunAs;
  configFile: string;
  title: string;
  adminEmail: string;
  timeoutMs: number;
}): Promise<void> {
  const command = phpCommand({
    php: input.php,
    args: [
      "-d",
      "date.timezone=UTC",
      input.assets.install,
      input.assets.theme,
      input.title,
      input.adminEmail,
    ],
    runAs: input.runAs,
    configFile: input.configFile,
  });
  const { code, stdout, stderr } = await runDetached(command, input.timeoutMs);
  // wp_die() (say, the database is unreachable) exits 0: trust only the script's own last word.
  if (code !== 0 || !/^(installed|already installed)/m.test(stdout))
    throw new ComputeError(
      "COMPUTE.INSTALL_FAILED",
      // Exit 3: the content directory is missing or not the tenant's (storage's part).
      `WordPress install failed (exit ${code}): ${`${stderr}${stdout}`.trim().slice(-500)}`,
      { retryable: true },
    );
}

/** Like execFile, but in its own process group (as the servers: stopAll finds and ends it too). */
function runDetached(
  command: { file: string; args: string[]; env: Record<string, string> },
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command.file, command.args, {
      cwd: "/",
      env: command.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = { stdout: "", stderr: "" };
    child.stdout.on("data", (chunk: Buffer) => {
      output.stdout += chunk.toString("utf8");
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output.stderr += chunk.toString("utf8");
    });
    const timer = setTimeout(() => {
      output.stderr += `timed out after ${timeoutMs} ms\n`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      resolve({ code: null, stdout: output.stdout, stderr: `${output.stderr}${error.message}` });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, ...output });
    });
  });
}

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/**
 * The local stand-in for Secrets Manager: one 0600 file per secret under
 * `<directory>`, addressed by a `local-secret:<name>` reference (the only thing
 * that travels in events). Names are `[a-z0-9/_-]` paths, never user input.
 */
export interface LocalSecrets {
  /** Idempotent: an existing secret is kept (like ClientRequestToken); returns its reference. */
  put(name: string, value: string): string;
  read(reference: string): string;
  /** Overwrites an existing secret atomically (a credentials rotation); throws when there is none. */
  replace(reference: string, value: string): void;
  remove(reference: string): void;
  exists(reference: string): boolean;
  /** Every stored secret's reference, sorted (the orphan scan lists them). */
  list(): string[];
}

const NAME = /^[a-z0-9][a-z0-9/_-]{0,200}$/;

export function createLocalSecrets(directory: string): LocalSecrets {
  const fileOf = (reference: string) => {
    const name = reference.replace(/^local-secret:/, "");
    if (!NAME.test(name) || name.includes(".."))
      throw new Error(`invalid local secret name ${JSON.stringify(name)}`);
    return join(directory, `${name}.secret`);
  };
  return {
    put(name, value) {
      const reference = `local-secret:${name}`;
      const file = fileOf(reference);
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      try {
        readFileSync(file);
        return reference;
      } catch {
        writeFileSync(`${file}.tmp`, value, { mode: 0o600 });
        renameSync(`${file}.tmp`, file);
        return reference;
      }
    },
    read(reference) {
      return readFileSync(fileOf(reference), "utf8");
    },
    replace(reference, value) {
      const file = fileOf(reference);
      readFileSync(file);
      writeFileSync(`${file}.tmp`, value, { mode: 0o600 });
      renameSync(`${file}.tmp`, file);
    },
    remove(reference) {
      rmSync(fileOf(reference), { force: true });
    },
    list() {
      let files: string[];
      try {
        files = readdirSync(directory, { recursive: true, encoding: "utf8" });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw error;
      }
      return files
        .filter((file) => file.endsWith(".secret"))
        .map(
          (file) => `local-secret:${relative(directory, join(directory, file)).slice(0, -".secret".length)}`,
        )
        .filter((reference) => NAME.test(reference.slice("local-secret:".length)))
        .sort();
    },
    exists(reference) {
      try {
        readFileSync(fileOf(reference));
        return true;
      } catch {
        return false;
      }
    },
  };
}

import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { Pool, RowDataPacket } from "mysql2/promise";

export interface TreeEntry {
  readonly path: string;
  readonly type: "dir" | "file" | "link";
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Whole seconds: what a tar header keeps. */
  readonly mtime: number;
  /** A file's sha256, a link's target. */
  readonly data: string;
}

/** Every entry under `root` (root included as ""), depth first, names sorted, links not followed. */
export function treeOf(root: string): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const walk = (path: string, relative: string) => {
    const info = lstatSync(path);
    const type = info.isDirectory() ? "dir" : info.isSymbolicLink() ? "link" : "file";
    const data =
      type === "file"
        ? createHash("sha256").update(readFileSync(path)).digest("hex")
        : type === "link"
          ? readlinkSync(path)
          : "";
    const mode = type === "link" ? 0 : info.mode & 0o7777;
    entries.push({
      path: relative,
      type,
      mode,
      uid: info.uid,
      gid: info.gid,
      mtime: Math.floor(info.mtimeMs / 1000),
      data,
    });
    if (type === "dir")
      for (const child of readdirSync(path).sort())
        walk(join(path, child), relative ? `${relative}/${child}` : child);
  };
  walk(root, "");
  return entries;
}

/** The tree without owners: what a restore must bring back exactly (owners become the tenant's). */
export const withoutOwners = (tree: TreeEntry[]) => tree.map(({ uid: _uid, gid: _gid, ...rest }) => rest);

/** Every table (and view) of `database` with its rows, in primary-key order. */
export async function rowsOf(pool: Pool, database: string): Promise<Record<string, unknown[]>> {
  const [tables] = await pool.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
    [database],
  );
  const result: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const [rows] = await pool.query<RowDataPacket[]>("SELECT * FROM ??.?? ORDER BY 1", [database, name]);
    result[String(name)] = rows.map((row) => ({ ...row }));
  }
  return result;
}

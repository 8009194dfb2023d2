import { join, resolve } from "node:path";
import { untraversableAncestor } from "@bbws/compute";
import { chooseDataDir, type DataDirChoice } from "../runtime/chooseDataDir.ts";

/** Root's data dir when the checkout sits in a private directory. */
export const SYSTEM_DATA_DIR = "/var/lib/bbws";

/**
 * The data dir of `npm start` on this machine (`npm run ops` finds it the
 * same way): `requested` (--data-dir or BBWS_DATA_DIR) or the default chosen
 * by `chooseDataDir`, probing the real file system.
 */
export function localDataDir(requested: string | undefined): DataDirChoice {
  return chooseDataDir({
    uid: process.getuid?.() ?? -1,
    requested: requested === undefined ? undefined : resolve(requested),
    checkoutDefault: join(import.meta.dirname, "..", ".bbws"),
    systemDefault: SYSTEM_DATA_DIR,
    blockedAt: untraversableAncestor,
  });
}

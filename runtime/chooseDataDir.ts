/**
 * Where `npm start` keeps its data, decided without touching the disk: the
 * caller passes a probe that says which directory, if any, keeps tenant users
 * from reaching a path.
 */
export interface DataDirInput {
  /** The uid the stack runs as: only root runs each site as its tenant's own uid. */
  readonly uid: number;
  /** `--data-dir` (or BBWS_DATA_DIR), absolute; undefined when the user did not choose. */
  readonly requested: string | undefined;
  /** The checkout's `.bbws`, absolute: the default wherever tenant users can reach it. */
  readonly checkoutDefault: string;
  /** Root's default when the checkout is private (a home directory): `/var/lib/bbws`. */
  readonly systemDefault: string;
  /** The directory on the way to `path` that tenant uids cannot pass through, or undefined. */
  readonly blockedAt: (path: string) => string | undefined;
}

export interface DataDirChoice {
  readonly dataDir: string;
  /** One line for the operator: why this directory. */
  readonly reason: string;
}

/** The data dir cannot serve tenants; the message says what to choose instead. */
export class DataDirError extends Error {
  override readonly name = "DataDirError";
}

export function chooseDataDir(input: DataDirInput): DataDirChoice {
  if (input.uid !== 0)
    return {
      dataDir: input.requested ?? input.checkoutDefault,
      reason: "not root: every site runs as you, so no other user needs to reach it",
    };
  if (input.requested !== undefined) return requestedAsRoot(input.requested, input);
  const checkoutBlocked = input.blockedAt(input.checkoutDefault);
  if (checkoutBlocked === undefined)
    return { dataDir: input.checkoutDefault, reason: "in the checkout, which tenant users can reach" };
  const systemBlocked = input.blockedAt(input.systemDefault);
  if (systemBlocked !== undefined)
    throw new DataDirError(
      `tenant users can reach neither ${input.checkoutDefault} (${checkoutBlocked} is private) nor ` +
        `${input.systemDefault} (${systemBlocked} is private): choose one with --data-dir`,
    );
  return {
    dataDir: input.systemDefault,
    reason: `the checkout is in ${checkoutBlocked}, which is private: tenant users could not reach ${input.checkoutDefault}`,
  };
}

function requestedAsRoot(requested: string, input: DataDirInput): DataDirChoice {
  const blocked = input.blockedAt(requested);
  // Never advise opening the blocking directory (often a home directory) to everyone.
  if (blocked !== undefined)
    throw new DataDirError(
      `tenant sites run as their own users, who cannot reach ${requested}: ${blocked} is private. ` +
        `Choose another data dir outside private directories, e.g. --data-dir ${input.systemDefault}`,
    );
  return { dataDir: requested, reason: "chosen with --data-dir (or BBWS_DATA_DIR)" };
}

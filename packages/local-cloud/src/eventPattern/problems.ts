/**
 * Helpers for reporting validation problems: compilation collects every problem (rather than stopping at
 * the first) into a `problems` array, each prefixed with the dotted path of the offending pattern part.
 */

/** The path of `key` inside the pattern part at `path` (`""` is the pattern root). */
export function childPath(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** How a path is named in a problem message. */
export function describePath(path: string): string {
  return path === "" ? "the event pattern" : path;
}

/** `arg` when it is a string; otherwise records a problem and returns `undefined`. */
export function requireString(arg: unknown, path: string, problems: string[]): string | undefined {
  if (typeof arg !== "string") {
    problems.push(`${path} must be a string`);
    return undefined;
  }
  return arg;
}

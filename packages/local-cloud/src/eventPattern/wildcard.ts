/** The `wildcard` filter: `*` matches any run of characters; `\*` and `\\` are the only escapes. */
import { requireString } from "./problems.ts";

/** Splits a wildcard pattern into the literal runs between its unescaped `*`s. */
export function compileWildcard(arg: unknown, path: string, problems: string[]): string[] | undefined {
  const text = requireString(arg, path, problems);
  if (text === undefined) {
    return undefined;
  }
  const segments: string[] = [];
  let current = "";
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    const next = text.charAt(index + 1);
    if (char === "*" && next === "*") {
      problems.push(`${path} has consecutive wildcard characters at position ${index}`);
      return undefined;
    }
    if (char === "\\" && next !== "*" && next !== "\\") {
      // Only `\*` and `\\` are escapes; EventBridge rejects any other backslash.
      problems.push(`${path} has an invalid escape character at position ${index}`);
      return undefined;
    }
    if (char === "*") {
      segments.push(current);
      current = "";
    } else {
      current += char === "\\" ? next : char;
    }
    index += char === "\\" ? 2 : 1;
  }
  segments.push(current);
  return segments;
}

/** Leftmost-first glob matching: linear in the text, unlike a backtracking regular expression. */
export function matchesWildcard(segments: readonly string[], text: string): boolean {
  const first = segments[0] ?? "";
  if (segments.length === 1) {
    return text === first;
  }
  const last = segments[segments.length - 1] ?? "";
  if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) {
    return false;
  }
  const end = text.length - last.length;
  let cursor = first.length;
  for (const middle of segments.slice(1, -1)) {
    const found = text.indexOf(middle, cursor);
    if (found === -1 || found + middle.length > end) {
      return false;
    }
    cursor = found + middle.length;
  }
  return true;
}

import { fileURLToPath } from "node:url";

/** A frame of repository code in a call's stack: file relative to the repository root, line, function. */
export interface Frame {
  readonly file: string;
  readonly line: number;
  readonly fn: string;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FRAME = /^\s*at (?:async )?(?:(.*?) \()?(?:file:\/\/)?(\/[^():]+):(\d+):\d+\)?$/;

/** Test code: the tests themselves, fakes, contract suites and test kits; never a call site. */
export const isTestCode = (file: string): boolean =>
  /\.test\.ts$|(^|\/)testing\/|^tests\/|Contract\.ts$|TestKit\.ts$|(^|\/)fake[A-Z]\w*\.ts$/.test(file);

/** The repository frames of a V8 stack, innermost first (dependencies and the recorder left out). */
export function repoFrames(stack: string): Frame[] {
  const frames: Frame[] = [];
  for (const line of stack.split("\n")) {
    const match = FRAME.exec(line);
    if (!match?.[2]?.startsWith(ROOT)) continue;
    const file = match[2].slice(ROOT.length);
    if (file.includes("node_modules/") || file.startsWith("tests/setup/")) continue;
    frames.push({ file, line: Number(match[3]), fn: match[1] ?? "" });
  }
  return frames;
}

/** The code that made the call: the innermost frame that is not test code (none: a test's own set-up call). */
export function callSiteOf(frames: readonly Frame[]): Frame | undefined {
  return frames.find((frame) => !isTestCode(frame.file));
}

export const formatFrame = (frame: Frame): string => `${frame.file}:${frame.line}`;

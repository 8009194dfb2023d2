import { appendFileSync } from "node:fs";

/** The two streams the stack prints to; process.stdout and process.stderr in `npm start`. */
export interface OutputStreams {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export interface StackOutput {
  /** A line for the operator (stdout). */
  say(line: string): void;
  /** A log line (stderr). */
  log(line: string): void;
  /** Where lines go once the streams are gone; until this is called they are dropped. */
  fallBackTo(file: string): void;
  /** True once a write to either stream failed: what follows goes to the fallback file. */
  readonly gone: boolean;
}

/**
 * stdout and stderr that may vanish: `npm start | tee start.log` then Ctrl-C kills tee too, and a
 * closed terminal hangs up. A write then fails (EPIPE on a pipe, EIO on a hung-up terminal) and the
 * stream emits 'error', which without a listener is an uncaughtException that ends the process
 * halfway through its shutdown, leaving the tenants' php running. So an 'error' listener is
 * attached to both streams (it also covers writes that bypass this object: console, libraries),
 * and from the first failure on, every line is appended to the fallback file instead.
 */
export function createStackOutput(streams: OutputStreams): StackOutput {
  let gone = false;
  let fallback: string | undefined;

  const append = (text: string) => {
    if (fallback === undefined) return;
    try {
      appendFileSync(fallback, text);
    } catch {
      // Nowhere left to write: shutting down matters more than its log.
    }
  };
  const lose = (error: Error | null | undefined) => {
    if (!error || gone) return;
    gone = true;
    const code = (error as NodeJS.ErrnoException).code ?? error.message;
    append(`--- ${new Date().toISOString()} the output stream failed (${code}); the rest goes here\n`);
  };
  streams.stdout.on("error", lose);
  streams.stderr.on("error", lose);

  const write = (stream: NodeJS.WritableStream, text: string) => {
    if (gone) return append(text);
    try {
      // The callback carries the failure of this very write: its text is kept in the file.
      stream.write(text, (error) => {
        if (!error) return;
        lose(error);
        append(text);
      });
    } catch (error) {
      lose(error as Error);
      append(text);
    }
  };

  return {
    say: (line) => write(streams.stdout, `${line}\n`),
    log: (line) => write(streams.stderr, `${line}\n`),
    fallBackTo(file) {
      fallback = file;
    },
    get gone() {
      return gone;
    },
  };
}

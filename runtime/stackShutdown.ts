/**
 * One shutdown for `npm start`, whatever asks for it: SIGINT, SIGTERM, SIGHUP, a crash, a failed
 * start. The first request runs the orderly stop (consumers, then every tenant's php group with
 * SIGTERM and SIGKILL after a grace, then the proxy, cognito-local, DynamoDB Local, ...). It is
 * idempotent; a later signal, or an orderly stop that outlives its bound, hurries: every tenant's
 * php group is SIGKILLed at once and the process exits (its exit hooks take DynamoDB Local,
 * cognito-local and a private MariaDB along). So no path ends the process with php still running.
 */
export interface StackShutdownDeps {
  /** The orderly stop; nothing to stop yet (a signal during start) is fine. */
  readonly stop: () => Promise<void>;
  /** Synchronous last resort: SIGKILL every tenant's php group. */
  readonly killNow: () => void;
  readonly exit: (code: number) => void;
  readonly say: (line: string) => void;
  /** How long the orderly stop may take before it is hurried. */
  readonly boundMs: number;
  readonly setTimer: (run: () => void, ms: number) => void;
}

export interface StackShutdown {
  /** Starts the orderly stop once; later calls return the same promise. */
  begin(code: number, reason: string): Promise<void>;
  /** SIGINT, SIGTERM, SIGHUP: the first begins, a later one hurries. */
  onSignal(signal: NodeJS.Signals): void;
  /** An uncaughtException or unhandledRejection: stop (code 1); the bound guards a broken stop. */
  onCrash(error: unknown): void;
}

export function createStackShutdown(deps: StackShutdownDeps): StackShutdown {
  let stopping: Promise<void> | undefined;
  let exitCode = 0;
  let exited = false;

  const exitOnce = () => {
    if (exited) return;
    exited = true;
    deps.exit(exitCode);
  };
  const hurry = (reason: string) => {
    if (exited) return;
    deps.say(`${reason}: killing the WordPress processes now and exiting`);
    deps.killNow();
    exitOnce();
  };

  const begin = (code: number, reason: string): Promise<void> => {
    if (stopping) return stopping;
    exitCode = code;
    deps.say(`\n${reason}: stopping API, services, WordPress processes, proxy, ledger, databases ...`);
    deps.setTimer(() => hurry(`still stopping after ${deps.boundMs / 1000} s`), deps.boundMs);
    stopping = deps
      .stop()
      .catch((error: unknown) => deps.say(`stopping failed: ${describe(error)}`))
      .then(() => {
        // Whatever the orderly stop missed (it failed halfway, a start raced it) goes now.
        deps.killNow();
        deps.say("stopped; data kept in the data dir, the next `npm start` resumes");
        exitOnce();
      });
    return stopping;
  };

  return {
    begin,
    onSignal(signal) {
      if (stopping) hurry(`${signal} while stopping`);
      else void begin(0, signal);
    },
    onCrash(error) {
      deps.say(`unexpected error: ${describe(error)}`);
      if (!stopping) void begin(1, "crashed");
      else exitCode = 1;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

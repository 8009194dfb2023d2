import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { describeProblem } from "./apiClient.ts";

export interface Polled<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly refresh: () => void;
}

/**
 * Reads now and again every `intervalMs` (live progress without a reload), dropping answers
 * that arrive after a newer read started (an explicit refresh); a failed read keeps the last data and says why.
 */
export function usePolling<T>(read: () => Promise<T>, intervalMs: number, key: string): Polled<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const generation = useRef(0);
  const inFlight = useRef(false);
  const readRef = useRef(read);
  readRef.current = read;
  const refresh = useCallback(() => {
    const mine = ++generation.current;
    inFlight.current = true;
    readRef.current().then(
      (value) => {
        if (mine !== generation.current) return;
        inFlight.current = false;
        setData(value);
        setError(undefined);
      },
      (failure: unknown) => {
        if (mine !== generation.current) return;
        inFlight.current = false;
        setError(describeProblem(failure));
      },
    );
  }, []);
  useEffect(() => {
    setData(undefined);
    refresh();
    if (intervalMs <= 0) return undefined;
    // A tick while a read is still out skips: a slow API is not asked twice as often.
    const timer = setInterval(() => {
      if (!inFlight.current) refresh();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [key, intervalMs, refresh]);
  return { data, error, refresh };
}

import { useState } from "preact/hooks";
import { type ApiClient, describeProblem } from "./apiClient.ts";

/** A write from a button: its outcome in words for a live region, then a refresh. */
export function useAction(api: ApiClient, onDone: () => void) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | undefined>(undefined);
  const [result, setResult] = useState<unknown>(undefined);
  async function run(what: string, method: string, href: string, body?: unknown): Promise<unknown> {
    setMessage({ text: `${what}: sending…`, error: false });
    try {
      const answer = await api.send<unknown>(method, href, body);
      setResult(answer);
      setMessage({ text: `${what}: accepted`, error: false });
      onDone();
      return answer;
    } catch (error) {
      setMessage({ text: `${what} refused: ${describeProblem(error)}`, error: true });
      return undefined;
    }
  }
  return { run, message, result };
}

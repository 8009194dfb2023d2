import type { Problem } from "./apiTypes.ts";

/** A problem+json answer, kept whole so the page can say what to fix. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ApiProblem";
  }
}

export interface ApiClient {
  get<T>(href: string): Promise<T>;
  /** Every write carries a fresh Idempotency-Key: one per click. */
  send<T>(method: string, href: string, body?: unknown): Promise<T>;
}

/** `onUnauthorized`: the token expired or was refused (401): sign in again rather than show errors. */
export function createApiClient(apiUrl: string, token: string, onUnauthorized: () => void): ApiClient {
  const base = apiUrl.replace(/\/$/, "");
  async function call<T>(method: string, href: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    if (method !== "GET") headers["idempotency-key"] = crypto.randomUUID();
    if (body !== undefined) headers["content-type"] = "application/json";
    const answer = await fetch(`${base}${href}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (answer.status === 401) onUnauthorized();
    const json = (await answer.json().catch(() => ({}))) as T & Partial<Problem>;
    if (!answer.ok) throw new ApiProblem({ status: answer.status, title: answer.statusText, ...json });
    return json;
  }
  return { get: (href) => call("GET", href), send: call };
}

export function describeProblem(error: unknown): string {
  if (error instanceof ApiProblem) {
    const fields = (error.problem.errors ?? []).map((entry) => `${entry.field}: ${entry.message}`);
    return [`${error.problem.code ?? error.problem.status}: ${error.message}`, ...fields].join("; ");
  }
  return error instanceof Error ? error.message : String(error);
}

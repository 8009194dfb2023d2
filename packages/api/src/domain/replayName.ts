/** EventBridge's ReplayName rule; the local archive enforces it too. */
export const REPLAY_NAME_PATTERN = /^[.\-_A-Za-z0-9]{1,64}$/;

/**
 * `bbws-replay-20261122T100000Z-1a2b3c4d`: when it was asked for (to the second, UTC) and
 * 8 hex characters of `seed` (the API derives it from the caller's Idempotency-Key), so two
 * replays started in the same second still differ and a name says when it ran.
 */
export function replayName(now: number, seed: string): string {
  const compact = new Date(now)
    .toISOString()
    .replace(/\.\d{3}Z$/, "Z")
    .replace(/[-:]/g, "");
  const suffix = seed
    .replace(/[^0-9a-f]/gi, "")
    .slice(0, 8)
    .toLowerCase();
  return `bbws-replay-${compact}-${suffix}`;
}

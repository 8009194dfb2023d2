const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * API Gateway's `requestContext.time`: `22/Nov/2026:10:00:00 +0000`. It changes once a second,
 * and every request asks for it: the text of the last second asked for is kept (one entry,
 * keyed by the whole second, so any epoch in another second is formatted afresh).
 */
export function createClfTime(): (epochMs: number) => string {
  let second = Number.NaN;
  let text = "";
  return (epochMs) => {
    const asked = Math.floor(epochMs / 1000);
    if (asked !== second) {
      text = formatClfTime(epochMs);
      second = asked;
    }
    return text;
  };
}

export function formatClfTime(epochMs: number): string {
  const date = new Date(epochMs);
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

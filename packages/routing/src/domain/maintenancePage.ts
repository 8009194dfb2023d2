/**
 * What visitors of a suspended site get, on AWS (an ALB fixed-response action)
 * and locally (the reverse proxy). An ALB fixed-response body holds at most
 * 1024 characters and cannot carry extra headers (no Retry-After on AWS).
 */
export const MAINTENANCE_PAGE = {
  statusCode: 503,
  contentType: "text/html",
  /** Seconds the local proxy announces in Retry-After. */
  retryAfterSeconds: 300,
  body: [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>Down for maintenance</title>',
    "<style>body{font-family:sans-serif;max-width:32em;margin:4em auto;color:#333}</style></head>",
    "<body><h1>This site is down for maintenance</h1>",
    "<p>It is temporarily unavailable. Please try again later.</p></body></html>",
  ].join("\n"),
} as const;

/** The ALB's limit on a fixed-response body. */
export const FIXED_RESPONSE_MAX_BODY = 1024;

/** The page for a Host no route matches (the ALB's default action answers 404 the same way). */
export function notFoundPage(host: string): string {
  const safe = host.replace(/[^a-zA-Z0-9.:-]/g, "");
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>',
    `<body><h1>No site at ${safe}</h1><p>No tenant is served at this address.</p></body></html>`,
  ].join("\n");
}

import { describe, expect, it } from "vitest";
import { FIXED_RESPONSE_MAX_BODY, MAINTENANCE_PAGE, notFoundPage } from "./maintenancePage.ts";

describe("maintenance and not-found pages", () => {
  it("fit an ALB fixed-response action: 503, text/html, at most 1024 characters", () => {
    expect(MAINTENANCE_PAGE.statusCode).toBe(503);
    expect(MAINTENANCE_PAGE.contentType).toBe("text/html");
    expect(MAINTENANCE_PAGE.body.length).toBeLessThanOrEqual(FIXED_RESPONSE_MAX_BODY);
    expect(MAINTENANCE_PAGE.body).toMatch(/^<!doctype html>/);
  });

  it("never echoes markup from the Host header", () => {
    expect(notFoundPage("<script>x</script>.localhost")).not.toContain("<script>");
    expect(notFoundPage("ghost.localhost:8080")).toContain("No site at ghost.localhost:8080");
    expect(notFoundPage("<b>gh ost</b>.localhost")).toContain("No site at bghostb.localhost</h1>");
  });

  it("answers an unknown Host with a whole HTML page", () => {
    expect(notFoundPage("ghost.localhost").split("\n")).toEqual([
      "<!doctype html>",
      '<html lang="en"><head><meta charset="utf-8"><title>Not found</title></head>',
      "<body><h1>No site at ghost.localhost</h1><p>No tenant is served at this address.</p></body></html>",
    ]);
  });
});

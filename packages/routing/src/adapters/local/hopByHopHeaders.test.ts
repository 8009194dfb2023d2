import { describe, expect, it } from "vitest";
import { endToEndHeaders, hostnameOf } from "./hopByHopHeaders.ts";

describe("endToEndHeaders", () => {
  it("drops hop-by-hop headers, proxy-*, and every header the Connection header names", () => {
    expect(
      endToEndHeaders({
        connection: "close, X-Secret , keep-alive",
        "keep-alive": "timeout=5",
        "x-secret": "1",
        "proxy-authorization": "Basic x",
        "proxy-connection": "keep-alive",
        te: "trailers",
        trailer: "expires",
        "transfer-encoding": "chunked",
        upgrade: "websocket",
        host: "acme.localhost",
        "set-cookie": ["a=1", "b=2"],
        "content-type": "text/html",
      }),
    ).toEqual({ host: "acme.localhost", "set-cookie": ["a=1", "b=2"], "content-type": "text/html" });
  });

  it("drops extra names the caller asks for", () => {
    expect(endToEndHeaders({ expect: "100-continue", accept: "*/*" }, ["expect"])).toEqual({ accept: "*/*" });
  });
});

describe("hostnameOf", () => {
  it.each([
    ["Acme.LOCALHOST:8080", "acme.localhost"],
    ["acme.localhost", "acme.localhost"],
    ["acme.localhost.", "acme.localhost"],
    ["[::1]:8080", "[::1]"],
    [undefined, ""],
  ])("%s -> %s", (header, hostname) => {
    expect(hostnameOf(header)).toBe(hostname);
  });
});

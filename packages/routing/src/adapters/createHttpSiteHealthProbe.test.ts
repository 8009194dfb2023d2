import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { HealthCheckTarget } from "@bbws/contracts";
import { afterEach, describe, expect, it } from "vitest";
import { createHttpSiteHealthProbe } from "./createHttpSiteHealthProbe.ts";

let server: Server | undefined;
afterEach(() => server?.close());

/** A real HTTP server on loopback answering `status`, recording the Host it was asked for. */
async function site(status: number): Promise<{ port: number; hosts: string[] }> {
  const hosts: string[] = [];
  server = createServer((req, res) => {
    hosts.push(req.headers.host ?? "");
    res.writeHead(status).end("ok");
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, hosts };
}

const targetAt = (url: string): HealthCheckTarget => ({
  instanceId: "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6",
  tenantId: "acme",
  environment: "dev",
  desiredCount: 1,
  outputs: {},
  url,
});
const probe = createHttpSiteHealthProbe();
const signal = () => new AbortController().signal;

describe("createHttpSiteHealthProbe", () => {
  it("GETs a *.localhost site on loopback with its own Host, and passes a 200", async () => {
    const { port, hosts } = await site(200);
    const url = `http://acme.localhost:${port}/`;
    expect(await probe.check(targetAt(url), signal())).toEqual({
      outcome: "pass",
      detail: `GET ${url} answered 200`,
    });
    expect(hosts).toEqual([`acme.localhost:${port}`]);
  });

  it("fails a 5xx, and names the URL when nothing answers", async () => {
    const { port } = await site(502);
    expect((await probe.check(targetAt(`http://acme.localhost:${port}/`), signal())).outcome).toBe("fail");
    server?.close();
    await expect(probe.check(targetAt(`http://acme.localhost:${port}/`), signal())).rejects.toThrow(
      `GET http://acme.localhost:${port}/ failed`,
    );
  });

  it("stops when its budget's signal aborts", async () => {
    server = createServer(() => {}); // never answers
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const controller = new AbortController();
    const pending = probe.check(targetAt(`http://acme.localhost:${port}/`), controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow(/failed/);
    server.closeAllConnections();
  });
});

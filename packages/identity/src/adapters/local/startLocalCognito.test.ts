import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, describe, expect, it } from "vitest";
import { startLocalCognito } from "./startLocalCognito.ts";

const dataDir = mkdtempSync(join(tmpdir(), "identity-cognito-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("startLocalCognito", () => {
  it("serves the Cognito API on a free port, keeps its data under dataDir, and stops", async () => {
    const server = await startLocalCognito({ dataDir });
    try {
      expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
      expect(await (await fetch(`${server.endpoint}/health`)).json()).toEqual({ ok: true });
      const cognito = new CognitoIdentityProviderClient({
        endpoint: server.endpoint,
        region: "local",
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      });
      const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: "probe" }));
      expect(existsSync(join(dataDir, ".cognito", "db", `${UserPool?.Id}.json`))).toBe(true);
    } finally {
      await server.stop();
      await server.stop();
    }
    await expect(fetch(`${server.endpoint}/health`)).rejects.toThrow();
  });

  it("fails clearly when the port it was given is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const address = blocker.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await expect(startLocalCognito({ dataDir, port })).rejects.toMatchObject({
        code: "IDENTITY.UNAVAILABLE",
        message: expect.stringMatching(/exited with 1 before it was ready/),
      });
    } finally {
      blocker.close();
    }
  });
});

import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createAwsCall } from "./awsCalls.ts";
import { createS3ArchiveStore } from "./s3ArchiveStore.ts";

const client = new S3Client({ region: "eu-west-1" });
const s3 = mockClient(client);
const store = createS3ArchiveStore({
  client,
  call: createAwsCall(),
  bucket: "archives",
  prefix: "storage/",
});
const dir = mkdtempSync(join(tmpdir(), "bbws-s3-"));
const file = join(dir, "a.tar.gz");
const bytes = Buffer.from("archive bytes");
writeFileSync(file, bytes);
const sha256 = createHash("sha256").update(bytes).digest("hex");
const base64 = createHash("sha256").update(bytes).digest("base64");
const instance = {
  instanceId: "11111111-1111-4111-8111-111111111111",
  tenantId: "acme",
  environment: "prod" as const,
};
const name = "acme/11111111-1111-4111-8111-111111111111-20261122T100000Z.tar.gz";

beforeEach(() => s3.reset());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("createS3ArchiveStore", () => {
  it("uploads with ChecksumSHA256 and tags, then checks size and checksum with HeadObject", async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: base64 });
    const location = await store.put(file, name, { sha256, sizeBytes: bytes.length }, instance);
    expect(location).toBe(`s3://archives/storage/${name}`);
    const { Body, ...input } = s3.commandCalls(PutObjectCommand)[0]?.args[0].input ?? {};
    expect(input).toEqual({
      Bucket: "archives",
      Key: `storage/${name}`,
      ContentLength: bytes.length,
      ContentType: "application/gzip",
      ChecksumSHA256: base64,
      Tagging:
        "bbws%3AtenantId=acme&bbws%3AinstanceId=11111111-1111-4111-8111-111111111111&bbws%3Aenvironment=prod&bbws%3AmanagedBy=bbws-instance-management",
    });
    expect(Body).toBeInstanceOf(Readable);
    expect(s3.commandCalls(HeadObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: "archives",
      Key: `storage/${name}`,
      ChecksumMode: "ENABLED",
    });
  });

  it("fails when the stored object's checksum is not the one sent", async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: "AAAA" });
    await expect(store.put(file, name, { sha256, sizeBytes: bytes.length }, instance)).rejects.toThrow(
      /expected/,
    );
  });

  it("fails a failed upload retryable after one call; the redelivery sends a fresh body stream", async () => {
    const bodies: string[] = [];
    s3.on(PutObjectCommand).callsFake(async (input: PutObjectCommand["input"]) => {
      const chunks: Buffer[] = [];
      for await (const chunk of input.Body as Readable) chunks.push(Buffer.from(chunk));
      bodies.push(Buffer.concat(chunks).toString());
      if (bodies.length === 1)
        throw Object.assign(new Error("reset"), { name: "InternalError", $fault: "server" });
      return {};
    });
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length, ChecksumSHA256: base64 });
    await expect(store.put(file, name, { sha256, sizeBytes: bytes.length }, instance)).rejects.toMatchObject({
      code: "STORAGE.CLOUD_UNAVAILABLE",
      retryable: true,
    });
    expect(bodies).toEqual(["archive bytes"]);
    await store.put(file, name, { sha256, sizeBytes: bytes.length }, instance);
    expect(bodies).toEqual(["archive bytes", "archive bytes"]);
  });

  it("reads an archive back from its own bucket only", async () => {
    s3.on(GetObjectCommand).resolves({ Body: Readable.from([bytes]) as never, ContentLength: bytes.length });
    const opened = await store.open(`s3://archives/storage/${name}`);
    expect(opened.sizeBytes).toBe(bytes.length);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: "archives",
      Key: `storage/${name}`,
    });
    await expect(store.open("s3://elsewhere/x")).rejects.toThrow(/not in bucket/);
  });
});

import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SignedRequest } from "./verifySigV4.ts";

/** node:crypto as the Checksum SignatureV4 takes (an HMAC when given a secret). */
type SourceData = string | ArrayBuffer | ArrayBufferView;

class NodeSha256 {
  readonly #hash;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
  }
  update(data: Uint8Array): void {
    this.#hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }
  reset(): void {}
}

function bytes(data: SourceData): Uint8Array | string {
  if (typeof data === "string") return data;
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

/** A request signed by the SDK's own signer, as `@aws-sdk/client-eventbridge` sends it. */
export async function signedRequest(input: {
  operation: string;
  /** JSON-encoded unless it is a string, sent as it is. */
  body: unknown;
  signingDate: Date;
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  service?: string;
}): Promise<SignedRequest> {
  const signer = new SignatureV4({
    credentials: input.credentials,
    region: "eu-west-1",
    service: input.service ?? "events",
    sha256: NodeSha256,
  });
  const body = typeof input.body === "string" ? input.body : JSON.stringify(input.body);
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: 8082,
      path: "/",
      query: {},
      headers: {
        host: "127.0.0.1:8082",
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": `AWSEvents.${input.operation}`,
      },
      body,
    },
    { signingDate: input.signingDate },
  );
  const headers = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: "POST", url: "/", headers, body: Buffer.from(body, "utf8") };
}

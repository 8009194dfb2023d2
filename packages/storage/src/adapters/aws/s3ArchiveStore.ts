import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { resourceTags } from "@bbws/contracts";
import type { ArchiveStore } from "../storageParts.ts";
import type { AwsCall } from "./awsCalls.ts";

/**
 * Archives in S3 at `s3://{bucket}/{prefix}{name}`. PutObject carries the
 * SHA-256 (S3 refuses a body that does not match it), HeadObject confirms the
 * stored size and checksum, and `open` reads the object back for the full
 * verification. One PutObject: archives above 5 GB would need a multipart upload.
 */
export function createS3ArchiveStore(input: {
  client: S3Client;
  call: AwsCall;
  bucket: string;
  prefix: string;
}): ArchiveStore {
  const { client, call, bucket: Bucket } = input;
  const locationOf = (name: string) => `s3://${Bucket}/${input.prefix}${name}`;
  const keyOf = (location: string) => {
    const start = `s3://${Bucket}/`;
    if (!location.startsWith(start)) throw new Error(`archive ${location} is not in bucket ${Bucket}`);
    return location.slice(start.length);
  };

  return {
    locationOf,
    async put(file, name, check, instance) {
      const Key = `${input.prefix}${name}`;
      const ChecksumSHA256 = Buffer.from(check.sha256, "hex").toString("base64");
      await call("upload archive", () =>
        client.send(
          new PutObjectCommand({
            Bucket,
            Key,
            // A fresh stream per call. The SDK does not retry a streaming body; a failed upload
            // is a retryable StorageError and the SQS redelivery uploads again from the first byte.
            Body: createReadStream(file),
            ContentLength: check.sizeBytes,
            ContentType: "application/gzip",
            ChecksumSHA256,
            Tagging: new URLSearchParams(resourceTags(instance)).toString(),
          }),
        ),
      );
      const head = await call("check archive", () =>
        client.send(new HeadObjectCommand({ Bucket, Key, ChecksumMode: "ENABLED" })),
      );
      if (head.ContentLength !== check.sizeBytes || head.ChecksumSHA256 !== ChecksumSHA256)
        throw new Error(
          `s3://${Bucket}/${Key} holds ${head.ContentLength} bytes with checksum ${head.ChecksumSHA256}, expected ${check.sizeBytes} and ${ChecksumSHA256}`,
        );
      return locationOf(name);
    },
    async open(location) {
      const answer = await call("read archive back", () =>
        client.send(new GetObjectCommand({ Bucket, Key: keyOf(location) })),
      );
      if (!answer.Body) throw new Error(`${location} has no body`);
      return { body: answer.Body as Readable, sizeBytes: answer.ContentLength ?? 0 };
    },
  };
}

import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { StorageError } from "../../domain/errors.ts";
import type { UidRange } from "../local/localUidAllocator.ts";
import type { UidAllocator } from "../storageParts.ts";
import { type AwsCall, errorName } from "./awsCalls.ts";
import {
  advanceCounterCommand,
  claimCommand,
  deleteIndexCommand,
  dropClaimCommand,
  markClaimedCommand,
  readIndexCommand,
  writeIntentCommand,
} from "./uidClaimCommands.ts";

/** How many candidates one allocation tries before calling the range exhausted (fewer for a tiny range). */
const MAX_PROBES = 64;

/**
 * Uids in DynamoDB (the resource records table fits: it is keyed by `key`).
 * Candidates come from an atomic counter, so allocation does not probe
 * linearly and a freed uid is reused only after the counter wraps; the
 * conditional claim is what guarantees one tenant per uid. See uidClaimCommands.ts.
 */
export function createDynamoUidAllocator(input: {
  client: DynamoDBClient;
  tableName: string;
  range: UidRange;
  call: AwsCall;
}): UidAllocator {
  const { client, tableName, range, call } = input;
  const size = range.last - range.first + 1;
  const probes = Math.min(MAX_PROBES, 2 * size + 2);
  /** A failed condition is an answer (false), not an error. */
  const attempt = (doing: string, send: () => Promise<unknown>) =>
    call(doing, async () => {
      try {
        await send();
        return true;
      } catch (error) {
        if (errorName(error) === "ConditionalCheckFailedException") return false;
        throw error;
      }
    });

  async function readIndex(tenantId: string) {
    const { Item } = await call("read uid intent", () => client.send(readIndexCommand(tableName, tenantId)));
    return Item ? { candidate: Number(Item.candidate?.N), claimed: Item.claimed?.BOOL === true } : undefined;
  }

  async function nextCandidate(): Promise<number> {
    const { Attributes } = await call("advance uid counter", () =>
      client.send(advanceCounterCommand(tableName)),
    );
    return range.first + ((Number(Attributes?.next?.N) - 1) % size);
  }

  const claim = (tenantId: string, uid: number) =>
    attempt("claim uid", () => client.send(claimCommand(tableName, tenantId, uid)));
  const markClaimed = (tenantId: string, uid: number, claimed: boolean) =>
    attempt("mark uid", () => client.send(markClaimedCommand(tableName, tenantId, uid, claimed)));
  const dropClaim = (tenantId: string, uid: number) =>
    attempt("free uid", () => client.send(dropClaimCommand(tableName, tenantId, uid)));
  const writeIntent = (tenantId: string, candidate: number, previous?: number) =>
    attempt("write uid intent", () =>
      client.send(writeIntentCommand(tableName, tenantId, candidate, previous)),
    );

  return {
    async allocate(tenantId) {
      for (let probe = 0; probe < probes; probe += 1) {
        const index = await readIndex(tenantId);
        if (index?.claimed) return index.candidate;
        if (index && (await claim(tenantId, index.candidate))) {
          if (await markClaimed(tenantId, index.candidate, true)) return index.candidate;
          // A concurrent allocation moved the intent on: give back the claim nobody points at.
          await dropClaim(tenantId, index.candidate);
          continue;
        }
        // No intent yet, or its candidate belongs to another tenant: aim at a fresh one.
        await writeIntent(tenantId, await nextCandidate(), index?.candidate);
      }
      throw new StorageError("STORAGE.UIDS_EXHAUSTED", `no free uid found in ${range.first}-${range.last}`, {
        retryable: false,
      });
    },
    async release(tenantId, known) {
      const index = await readIndex(tenantId);
      // Un-trust the intent first: a claimed intent must never point at a freed uid.
      if (index?.claimed) await markClaimed(tenantId, index.candidate, false);
      for (const uid of new Set([index?.candidate, known]))
        if (uid !== undefined && Number.isInteger(uid)) await dropClaim(tenantId, uid);
      await call("delete uid intent", () => client.send(deleteIndexCommand(tableName, tenantId)));
    },
  };
}

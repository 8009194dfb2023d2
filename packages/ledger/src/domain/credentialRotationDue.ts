import { CREDENTIAL_ROTATION_MS, type InstanceRecord } from "@bbws/contracts";
import { isOpen } from "./instance.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whether the schedule (HLD 6.2: every CREDENTIAL_ROTATION_DAYS) asks for a credentials rotation
 * now: an ACTIVE instance with no operation running, CREDENTIAL_ROTATION_MS after its last rotation
 * (or its creation). A rotation that failed is tried again a day later, not on every sweep.
 */
export function credentialRotationDue(record: InstanceRecord, now: Date): boolean {
  const { operation } = record;
  if (record.state !== "ACTIVE" || isOpen(operation)) return false;
  const since = Date.parse(record.credentialsRotatedAt ?? record.createdAt);
  if (now.getTime() - since < CREDENTIAL_ROTATION_MS) return false;
  const failedRotation = operation.kind === "rotateCredentials" && operation.status === "FAILED";
  if (failedRotation && operation.finishedAt)
    return now.getTime() - Date.parse(operation.finishedAt) >= DAY_MS;
  return true;
}

import { rotateDueCredentials } from "../application/rotateDueCredentials.ts";
import { ledgerFromEnvironment } from "./deps.ts";

let built: ReturnType<typeof ledgerFromEnvironment> | undefined;

/**
 * The credentials rotation schedule's Lambda entry point, run hourly (HLD 6.2): every ACTIVE
 * instance whose credentials are due (CREDENTIAL_ROTATION_DAYS after its last rotation) gets a
 * `rotateCredentials` operation, which the services carry out like any other (docs/operations.md).
 */
export async function handler(): Promise<{ rotations: number }> {
  built ??= ledgerFromEnvironment("credential-rotation");
  const started = await rotateDueCredentials({
    queries: built.store,
    commands: built.service,
    clock: () => new Date(),
    logger: built.logger,
  });
  return { rotations: started.length };
}

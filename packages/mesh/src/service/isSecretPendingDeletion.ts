/**
 * Secrets Manager deletes a secret asynchronously, even with ForceDeleteWithoutRecovery: for a
 * short while the name is "scheduled/marked for deletion" and CreateSecret, GetSecretValue and
 * DeleteSecret answer InvalidRequestException. AWS asks callers that delete then recreate a
 * name to back off and retry: this tells that answer apart from a real bad request.
 */
export function isSecretPendingDeletion(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return (
    name === "InvalidRequestException" &&
    typeof message === "string" &&
    /(scheduled|marked) for deletion/i.test(message)
  );
}

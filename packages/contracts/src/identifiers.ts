import { z } from "zod";

export const ENVIRONMENTS = ["dev", "sit", "prod"] as const;
export const EnvironmentSchema = z.enum(ENVIRONMENTS, {
  error: () => `environment must be one of ${ENVIRONMENTS.join(", ")}`,
});
export type Environment = z.infer<typeof EnvironmentSchema>;

/**
 * The tenantId rule is the intersection of every name it is embedded in
 * (see naming.ts and docs/naming.md):
 * - lowercase letters and digits only: target groups forbid `_`, unquoted MySQL
 *   identifiers forbid `-`, Cognito domain prefixes and DNS labels are lowercase;
 * - starts with a letter: no all-digit MySQL identifiers, no leading hyphen issue;
 * - 3..24 characters: `tg-{tenantId}-prod` must fit the 32-character target group
 *   limit (3 + 24 + 5 = 32), which also keeps `wp_{tenantId}` under MySQL's
 *   32-character user name limit;
 * - none of Cognito's reserved words in a domain prefix (aws, amazon, cognito).
 */
export const TENANT_ID_MAX_LENGTH = 24;
export const TENANT_ID_PATTERN = /^[a-z][a-z0-9]{2,23}$/;
export const COGNITO_RESERVED_WORDS = ["aws", "amazon", "cognito"] as const;
export const TENANT_ID_RULE =
  "3 to 24 characters, lowercase letters a-z and digits 0-9 only, starting with a letter, " +
  "and not containing the words aws, amazon or cognito";

export const TenantIdSchema = z
  .string({ error: "tenantId must be a string" })
  .regex(TENANT_ID_PATTERN, { error: `tenantId must be ${TENANT_ID_RULE}` })
  .refine((value) => !COGNITO_RESERVED_WORDS.some((word) => value.includes(word)), {
    error: `tenantId must be ${TENANT_ID_RULE}`,
  });
export type TenantId = z.infer<typeof TenantIdSchema>;

export const InstanceIdSchema = z.uuid({ error: "instanceId must be a UUID" });
export type InstanceId = z.infer<typeof InstanceIdSchema>;

export const OperationIdSchema = z.uuid({ error: "operationId must be a UUID" });
export type OperationId = z.infer<typeof OperationIdSchema>;

export const EventIdSchema = z.uuid({ error: "eventId must be a UUID" });

export const SERVICES = ["identity", "storage", "routing", "compute"] as const;
export const ServiceSchema = z.enum(SERVICES);
export type Service = z.infer<typeof ServiceSchema>;

import { EnvironmentSchema } from "@bbws/contracts";
import { z } from "zod";
import { AccountsMapSchema } from "./createAccountClients.ts";

/** A Lambda environment variable holding JSON: parsed, then validated by `schema`. */
export const jsonEnv = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, context) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        context.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);

/**
 * What every service Lambda (identity, storage, routing, compute) is given by
 * infra/functions.ts; each `.extend`s it with its own variables (or `.omit`s what it lacks).
 */
export const ServiceLambdaConfigSchema = z.object({
  BBWS_ENVIRONMENT: EnvironmentSchema,
  BBWS_ACCOUNTS: jsonEnv(AccountsMapSchema),
  BBWS_BUS_NAME: z.string().min(1),
  BBWS_RECORDS_TABLE: z.string().min(1),
  BBWS_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000),
  /**
   * The function's timeout: how long a delivery owns a request it started (createDeciderHandler).
   * Set for the bus consumers; others default to Lambda's longest timeout, the safe bound.
   */
  BBWS_LEASE_SECONDS: z.coerce.number().int().min(1).max(900).default(900),
});
export type ServiceLambdaConfig = z.infer<typeof ServiceLambdaConfigSchema>;

/** Validates a Lambda's environment; the error names every variable that is missing or malformed. */
export function loadLambdaConfig<T extends z.ZodType>(
  name: string,
  schema: T,
  env: Readonly<Record<string, string | undefined>>,
): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success)
    throw new Error(`${name} Lambda: invalid configuration\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

import { z } from "zod";
import { DesiredCountSchema } from "../instanceSpec.ts";

/**
 * What each service reports when its resources are ready. Secrets never travel:
 * `...SecretRef` is an ARN on AWS or a `local-secret:` reference locally.
 */
const SecretRefSchema = z.string().regex(/^(arn:aws[a-z-]*:secretsmanager:|local-secret:)/, {
  error: "a secret reference must be a Secrets Manager ARN or a local-secret: reference",
});
const ResourceRefSchema = z.string().min(1).max(2048);

export const IdentityOutputsSchema = z.object({
  userPoolId: z.string().min(1).max(55),
  appClientId: z.string().min(1).max(128),
  hostedDomain: z.string().min(1).max(253),
  clientSecretRef: SecretRefSchema,
});
export type IdentityOutputs = z.infer<typeof IdentityOutputsSchema>;

/**
 * `clientSecretRef` names a JSON document `{ clientId, clientSecret }`; this is the key that
 * holds the secret itself (ECS selects it with `valueFrom: "<arn>:clientSecret::"`).
 */
export const SSO_CLIENT_SECRET_KEY = "clientSecret";

export const StorageOutputsSchema = z.object({
  accessPointId: ResourceRefSchema,
  rootDirectory: z.string().startsWith("/"),
  posixUid: z.number().int().min(1000),
  posixGid: z.number().int().min(1000),
  databaseHost: z.string().min(1),
  databasePort: z.number().int().min(1).max(65535),
  databaseName: z.string().min(1).max(64),
  databaseUser: z.string().min(1).max(32),
  credentialsSecretRef: SecretRefSchema,
});
export type StorageOutputs = z.infer<typeof StorageOutputsSchema>;

export const RoutingOutputsSchema = z.object({
  targetGroupRef: ResourceRefSchema,
  listenerRuleRef: ResourceRefSchema,
  hostname: z.string().min(1).max(253),
  url: z.url(),
});
export type RoutingOutputs = z.infer<typeof RoutingOutputsSchema>;

export const ComputeOutputsSchema = z.object({
  serviceRef: ResourceRefSchema,
  taskDefinitionRef: ResourceRefSchema,
  desiredCount: DesiredCountSchema,
});
export type ComputeOutputs = z.infer<typeof ComputeOutputsSchema>;

export const ArchiveSchema = z.object({
  location: z.string().min(1),
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
});
export type Archive = z.infer<typeof ArchiveSchema>;

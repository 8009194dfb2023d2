import { type Environment, EnvironmentSchema, type TenantId, TenantIdSchema } from "./identifiers.ts";

/** The one place where per-tenant resource names are made (seed 000 §3.3). */
export function resourceNames(tenantId: TenantId, environment: Environment) {
  return {
    ecsService: `wp-${tenantId}-${environment}`,
    taskDefinitionFamily: `wp-${tenantId}-${environment}`,
    /** The tenant's own IAM role (task and execution role of its tasks), under TASK_ROLE_PATH. */
    taskRole: `wp-${tenantId}-${environment}-task`,
    accessPoint: `efs-ap-${tenantId}`,
    contentRoot: `/tenants/${tenantId}`,
    databaseName: `wp_${tenantId}`,
    databaseUser: `wp_${tenantId}`,
    /** The other user of the alternating-users rotation (HLD 6.2); <= 31 characters (MySQL: 32). */
    databaseAlternateUser: `wp_${tenantId}_alt`,
    userPool: `bbws-${tenantId}-users`,
    cognitoDomainPrefix: `bbws-${tenantId}-${environment}`,
    targetGroup: `tg-${tenantId}-${environment}`,
    logGroup: `/bbws/wp/${tenantId}`,
    /** awslogs stream prefix: keeps one environment's streams apart from another's in the tenant's group. */
    logStreamPrefix: `wp-${tenantId}-${environment}`,
    hostLabel: tenantId,
  } as const;
}
/** The IAM path of every tenant task role: the orphan scan lists it, PassRole is scoped to it. */
export const TASK_ROLE_PATH = "/bbws/tenants/";
/**
 * The permissions boundary every tenant task role is created with (a managed policy of the
 * environment's account, path /bbws/): compute may write a role's policy only within it.
 */
export const TASK_ROLE_BOUNDARY = { path: "/bbws/", name: "bbws-tenant-task-boundary" } as const;

export type ResourceNames = ReturnType<typeof resourceNames>;

/** The inverse of `resourceNames(...).targetGroup`: whose `tg-{tenantId}-{env}` this is, or null. */
export function parseTargetGroupName(name: string): { tenantId: TenantId; environment: Environment } | null {
  // Stryker disable next-line ArrayDeclaration: any array without a second and third element parses as no match.
  const [, tenant, env] = /^tg-([a-z0-9]+)-([a-z]+)$/.exec(name) ?? [];
  const tenantId = TenantIdSchema.safeParse(tenant);
  const environment = EnvironmentSchema.safeParse(env);
  return tenantId.success && environment.success
    ? { tenantId: tenantId.data, environment: environment.data }
    : null;
}

/** Tags every AWS resource carries, so the orphan scan can find it. */
export function resourceTags(input: { tenantId: TenantId; instanceId: string; environment: Environment }) {
  return {
    "bbws:tenantId": input.tenantId,
    "bbws:instanceId": input.instanceId,
    "bbws:environment": input.environment,
    "bbws:managedBy": "bbws-instance-management",
  } as const;
}

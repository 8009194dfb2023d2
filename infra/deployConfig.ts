import { ENVIRONMENTS, type Environment, EnvironmentSchema, WordPressSchema } from "@bbws/contracts";
import { AccountsMapSchema, jsonEnv } from "@bbws/mesh";
import { AlbPoolSchema } from "@bbws/routing";
import { z } from "zod";

/**
 * Deploy-time configuration: plain environment variables read by `sst.config.ts` when it
 * runs (`BBWS_*`, see docs/deploy.md), validated here. Not SST secrets: every value is an id
 * or an ARN (the RDS master password stays in Secrets Manager, referenced by ARN), and
 * they must be known while the program runs to shape resources (VPC placement, IAM
 * resources, the EFS mount), which `sst.Secret` values are not.
 *
 * One stage serves ONE environment (`BBWS_ENVIRONMENT`): the shared infrastructure below
 * (one VPC, cluster, file system, RDS, ALB pool, base domain) is that environment's, as the
 * architecture describes it, and tenants' hostnames `{tenantId}.{baseDomain}` carry no
 * environment. The accounts map may list more environments; only identity can serve them.
 */
const id = (prefix: string, what: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), { error: `${what} must look like ${prefix}-0123abcd` });
const arn = (service: string, what: string) =>
  z.string().regex(new RegExp(`^arn:aws[a-z-]*:${service}:`), { error: `${what} must be an ${service} ARN` });
const hostname = z.string().regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/, {
  error: "must be a DNS name like example.com",
});

const NetworkSchema = z.object({
  privateSubnetIds: z.array(id("subnet", "a subnet id")).min(1),
  securityGroupIds: z.array(id("sg", "a security group id")).min(1),
});

export const SharedInfraSchema = z
  .object({
    vpcId: id("vpc", "vpcId"),
    /** Where the tenants' WordPress tasks run: their group admits port 80 from `albSecurityGroupIds` only. */
    tasks: NetworkSchema,
    /** The ALBs' security group(s): the only source the tasks' group admits (port 80). */
    albSecurityGroupIds: z.array(id("sg", "an ALB security group id")).min(1),
    ecsClusterName: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,255}$/, { error: "ecsClusterName must be a cluster name" }),
    efsFileSystemId: id("fs", "efsFileSystemId"),
    /** An access point rooted at `/` with uid/gid 0, through which the storage Lambda mounts the file system. */
    efsRootAccessPointArn: arn("elasticfilesystem", "efsRootAccessPointArn"),
    rds: z.object({
      endpoint: hostname,
      port: z.number().int().min(1).max(65535).default(3306),
      masterSecretArn: arn("secretsmanager", "rds.masterSecretArn"),
    }),
    /** Each ALB `{ loadBalancerArn, listenerArn, priorityOffset?, capacity?, ownRules? }`: routing's schema. */
    albPool: AlbPoolSchema,
    baseDomain: hostname,
    /** The base domain's Route 53 hosted zone (environment's account): per-tenant alias records for a pool of ALBs. */
    hostedZoneId: z
      .string()
      .regex(/^Z[A-Z0-9]{1,32}$/, { error: "hostedZoneId must be a Route 53 hosted zone id" })
      .optional(),
    /** The storage function's subnets and security group, in the deploying account (see docs/deploy.md). */
    storageLambda: NetworkSchema,
  })
  .superRefine(tasksAdmitOnlyTheAlbs);
export type SharedInfra = z.infer<typeof SharedInfraSchema>;

/**
 * Tenant isolation on the network: a task must not reach another tenant's task on port 80. So
 * the tasks' group is not an ALB's group (then it would admit itself: every task could reach
 * every other) and not the storage function's. The rules inside the groups are checked as
 * docs/deploy.md says (no AWS call at deploy time).
 */
function tasksAdmitOnlyTheAlbs(
  infra: {
    tasks: { securityGroupIds: string[] };
    albSecurityGroupIds: string[];
    storageLambda: { securityGroupIds: string[] };
  },
  context: z.RefinementCtx,
): void {
  const shared = (others: string[]) => infra.tasks.securityGroupIds.filter((group) => others.includes(group));
  const withAlbs = shared(infra.albSecurityGroupIds);
  if (withAlbs.length)
    context.addIssue({
      code: "custom",
      path: ["tasks", "securityGroupIds"],
      message: `${withAlbs.join(", ")} is also an ALB group: give the tasks a group of their own that admits TCP 80 from the ALBs' group only, with no rule referencing itself (docs/deploy.md, "Network isolation")`,
    });
  const withStorage = shared(infra.storageLambda.securityGroupIds);
  if (withStorage.length)
    context.addIssue({
      code: "custom",
      path: ["tasks", "securityGroupIds"],
      message: `${withStorage.join(", ")} is also the storage function's group: the tasks need a group of their own (docs/deploy.md, "Network isolation")`,
    });
}

const OperatorsPoolSchema = z
  .object({
    userPoolId: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d_[A-Za-z0-9]+$/, {
      error: "userPoolId must look like eu-west-1_AbCdEf123",
    }),
    /** App clients whose tokens the API accepts (the JWT authorizer's audiences). */
    clientIds: z.array(z.string().min(1)).min(1),
    /**
     * The operator console's sign-in (issue 16): the pool's hosted UI and a public app client
     * (no secret) with the authorization code grant, scope openid, and the console's URL among
     * its callback URLs. Absent: no console is deployed.
     */
    console: z
      .object({
        hostedUiDomain: z.url({
          protocol: /^https$/,
          error: "console.hostedUiDomain must be the hosted UI's https URL",
        }),
        clientId: z.string().min(1),
      })
      .optional(),
  })
  .refine((pool) => !pool.console || pool.clientIds.includes(pool.console.clientId), {
    error: "console.clientId must also be in clientIds, or the API would refuse the console's tokens",
    path: ["console", "clientId"],
  });

const json = jsonEnv;

const DeployEnvironmentSchema = z.object({
  BBWS_ENVIRONMENT: EnvironmentSchema,
  BBWS_ACCOUNTS: json(AccountsMapSchema),
  BBWS_SHARED_INFRA: json(SharedInfraSchema),
  BBWS_OPERATORS_POOL: json(OperatorsPoolSchema),
  BBWS_WORDPRESS: json(WordPressSchema).default({
    image: "public.ecr.aws/docker/library/wordpress:6.4.3-php8.2-apache",
    version: "6.4.3",
  }),
  /** The image the API asks for when a request names only a WordPress version. */
  BBWS_WORDPRESS_IMAGE_TEMPLATE: z
    .string()
    .includes("{version}", { error: "must contain {version}" })
    .default("public.ecr.aws/docker/library/wordpress:{version}-php8.2-apache"),
  BBWS_ALERT_EMAIL: z.email().optional(),
  /** The account Tenant Management publishes TenantCreated from (the bus resource policy admits it). */
  BBWS_TENANT_MANAGEMENT_ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/, { error: "must be Tenant Management's 12-digit AWS account id" }),
});

export interface DeployConfig {
  readonly stage: string;
  readonly environment: Environment;
  readonly accounts: z.infer<typeof AccountsMapSchema>;
  /** The served environment's account. */
  readonly account: { readonly accountId: string; readonly region: string; readonly roleArn: string };
  readonly infra: SharedInfra;
  readonly operatorsPool: z.infer<typeof OperatorsPoolSchema> & { readonly issuer: string };
  readonly wordpress: z.infer<typeof WordPressSchema>;
  readonly imageTemplate: string;
  readonly alertEmail?: string;
  readonly tenantManagementAccountId: string;
}

/** Reads and validates the deploy-time variables; the error names every bad variable. */
export function loadDeployConfig(
  env: Readonly<Record<string, string | undefined>>,
  stage: string,
): DeployConfig {
  const input = {
    ...env,
    BBWS_ENVIRONMENT: env.BBWS_ENVIRONMENT ?? (isEnvironment(stage) ? stage : undefined),
  };
  const parsed = DeployEnvironmentSchema.safeParse(input);
  if (!parsed.success)
    throw new Error(`sst.config.ts: invalid deploy configuration\n${z.prettifyError(parsed.error)}`);
  const values = parsed.data;
  const account = values.BBWS_ACCOUNTS[values.BBWS_ENVIRONMENT];
  if (!account)
    throw new Error(
      `sst.config.ts: BBWS_ACCOUNTS has no entry for ${values.BBWS_ENVIRONMENT}, the environment this stage serves`,
    );
  const pool = values.BBWS_OPERATORS_POOL;
  const poolRegion = pool.userPoolId.split("_")[0];
  return {
    stage,
    environment: values.BBWS_ENVIRONMENT,
    accounts: values.BBWS_ACCOUNTS,
    account,
    infra: values.BBWS_SHARED_INFRA,
    operatorsPool: { ...pool, issuer: `https://cognito-idp.${poolRegion}.amazonaws.com/${pool.userPoolId}` },
    wordpress: values.BBWS_WORDPRESS,
    imageTemplate: values.BBWS_WORDPRESS_IMAGE_TEMPLATE,
    tenantManagementAccountId: values.BBWS_TENANT_MANAGEMENT_ACCOUNT_ID,
    ...(values.BBWS_ALERT_EMAIL ? { alertEmail: values.BBWS_ALERT_EMAIL } : {}),
  };
}

function isEnvironment(stage: string): stage is Environment {
  return (ENVIRONMENTS as readonly string[]).includes(stage);
}

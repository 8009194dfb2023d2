import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ENVIRONMENTS, TENANT_ID_MAX_LENGTH, TenantIdSchema } from "./identifiers.ts";
import {
  parseTargetGroupName,
  resourceNames,
  resourceTags,
  TASK_ROLE_BOUNDARY,
  TASK_ROLE_PATH,
} from "./naming.ts";

/** AWS's and MySQL's published constraints on each name we build. */
const AWS_RULES = {
  // ELBv2 CreateTargetGroup: max 32, alphanumerics and hyphens, no leading/trailing hyphen.
  targetGroup: (name: string) => name.length <= 32 && /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(name),
  // ECS service name and task definition family: up to 255 letters, numbers, hyphens, underscores.
  ecsService: (name: string) => name.length <= 255 && /^[A-Za-z0-9_-]+$/.test(name),
  taskDefinitionFamily: (name: string) => name.length <= 255 && /^[A-Za-z0-9_-]+$/.test(name),
  // MySQL: database names up to 64; user names up to 32 (MySQL 8, RDS); we keep both unquoted-safe.
  databaseName: (name: string) => name.length <= 64 && /^[a-z0-9_]+$/.test(name) && !/^\d+$/.test(name),
  databaseUser: (name: string) => name.length <= 32 && /^[a-z0-9_]+$/.test(name),
  // Cognito CreateUserPool PoolName: 1..128 of [\w\s+=,.@-].
  userPool: (name: string) => name.length >= 1 && name.length <= 128 && /^[\w\s+=,.@-]+$/.test(name),
  // Cognito domain prefix: lowercase letters, digits, hyphens; 1..63; no reserved words.
  cognitoDomainPrefix: (name: string) =>
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name) && !/aws|amazon|cognito/.test(name),
  // IAM CreateRole RoleName: 1..64 of [\w+=,.@-].
  taskRole: (name: string) => name.length >= 1 && name.length <= 64 && /^[\w+=,.@-]+$/.test(name),
  // EFS access point Name tag: up to 256 characters.
  accessPoint: (name: string) => name.length <= 256,
  // DNS label for {tenantId}.{baseDomain}.
  hostLabel: (name: string) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(name),
} as const;

const validTenantId = fc
  .tuple(
    fc.constantFrom(..."bcdefghijklmnopqrstuvwxyz"),
    fc.string({ unit: fc.constantFrom(..."bcdefhijklmnopqrtuvxyz0123456789"), minLength: 2, maxLength: 23 }),
  )
  .map(([head, tail]) => head + tail);

describe("resource names obey AWS's rules", () => {
  const longest = `z${"9".repeat(TENANT_ID_MAX_LENGTH - 1)}`;

  it.each(ENVIRONMENTS)("for the longest tenantId in %s", (environment) => {
    expect(TenantIdSchema.safeParse(longest).success).toBe(true);
    const names = resourceNames(longest, environment);
    for (const [resource, obeys] of Object.entries(AWS_RULES)) {
      expect({ resource, ok: obeys(names[resource as keyof typeof AWS_RULES]) }).toEqual({
        resource,
        ok: true,
      });
    }
    expect(names.targetGroup).toHaveLength(longest.length + 3 + 1 + environment.length);
  });

  it("for any valid tenantId and environment", () => {
    fc.assert(
      fc.property(validTenantId, fc.constantFrom(...ENVIRONMENTS), (tenantId, environment) => {
        expect(TenantIdSchema.safeParse(tenantId).success).toBe(true);
        const names = resourceNames(tenantId, environment);
        return Object.entries(AWS_RULES).every(([resource, obeys]) =>
          obeys(names[resource as keyof typeof AWS_RULES]),
        );
      }),
    );
  });

  it("follows the seeds' patterns", () => {
    expect(resourceNames("tenant123", "dev")).toMatchObject({
      ecsService: "wp-tenant123-dev",
      accessPoint: "efs-ap-tenant123",
      databaseName: "wp_tenant123",
      userPool: "bbws-tenant123-users",
      targetGroup: "tg-tenant123-dev",
      taskRole: "wp-tenant123-dev-task",
    });
  });
});

describe("the tenantId rule rejects what could break a name, a path or a query", () => {
  it.each([
    ["one character too long", `a${"b".repeat(TENANT_ID_MAX_LENGTH)}`],
    ["too short", "ab"],
    ["uppercase", "Acme"],
    ["a hyphen (breaks unquoted MySQL identifiers)", "ac-me"],
    ["an underscore (breaks target group names)", "ac_me"],
    ["a leading digit", "1acme"],
    ["SQL injection", "a'; DROP TABLE x; --"],
    ["a path traversal", "../etc"],
    ["a dot (breaks the host label)", "acme.evil"],
    ["a Cognito reserved word", "myawsshop"],
    ["whitespace", "ac me"],
    ["empty", ""],
  ])("%s", (_why, tenantId) => {
    const result = TenantIdSchema.safeParse(tenantId);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain("lowercase letters a-z and digits 0-9 only");
  });
});

describe("the tenant task role's path and boundary", () => {
  it("are IAM paths (start and end with /) that PassRole and the orphan scan scope to", () => {
    // IAM: a path is / or /segments/, at most 512 characters of \u0021-\u007E.
    const iamPath = /^\/(?:[\u0021-\u007E]+\/)?$/;
    expect(TASK_ROLE_PATH).toBe("/bbws/tenants/");
    expect(TASK_ROLE_PATH).toMatch(iamPath);
    expect(TASK_ROLE_BOUNDARY).toEqual({ path: "/bbws/", name: "bbws-tenant-task-boundary" });
    expect(TASK_ROLE_BOUNDARY.path).toMatch(iamPath);
  });
});

describe("parseTargetGroupName", () => {
  it("inverts resourceNames().targetGroup and refuses other names", () => {
    for (const environment of ENVIRONMENTS)
      expect(parseTargetGroupName(resourceNames("acme", environment).targetGroup)).toEqual({
        tenantId: "acme",
        environment,
      });
    for (const name of ["tg-acme-qa", "tg-aws1-dev", "tg-Acme-dev", "acme-dev", "tg-acme-dev-x"])
      expect(parseTargetGroupName(name), name).toBeNull();
  });

  it("given a name that only ends like ours, then it is nobody's (the orphan scan must not take it)", () => {
    for (const name of ["xtg-acme-dev", "my-tg-acme-dev", " tg-acme-dev"])
      expect(parseTargetGroupName(name), name).toBeNull();
  });
});

describe("resourceTags", () => {
  it("given an instance, then its four tags name tenant, instance, environment and the manager", () => {
    expect(resourceTags({ tenantId: "acme", instanceId: "i-1", environment: "sit" })).toEqual({
      "bbws:tenantId": "acme",
      "bbws:instanceId": "i-1",
      "bbws:environment": "sit",
      "bbws:managedBy": "bbws-instance-management",
    });
  });
});

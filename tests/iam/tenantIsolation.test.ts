import { type IamPolicyDocument, taskRoleBoundaryArnOf } from "@bbws/compute";
import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "../../infra/policyDocument.ts";
import { type Decision, simulateRequest } from "./simulateRequest.ts";
import {
  type Ask,
  decide,
  mount,
  oldSharedPolicy,
  perTenantPolicy,
  referencedSecrets,
  SCOPE,
  SHARED_ROLE_ARN,
  TASK_ROLE_BOUNDARY_POLICY,
  type Tenant,
  tenant,
} from "./tenantIsolation.ts";

/**
 * Tenant isolation on AWS, proven by IAM's evaluation logic (iam-simulate), not by reading the
 * policies: two tenants of one environment, each task running as its own role, one shared file
 * system with the file system policy the deployment applies (infra/efsCrossAccount.ts).
 */
const A = tenant("acme", "6f1c2e7a-3b4d-4c5e-9f60-718293a4b5c6", "fsap-0aaaaaaaaaaaaaaa1");
const B = tenant("globex", "7a2d3f8b-4c5e-4d6f-8a71-829304b5c6d7", "fsap-0bbbbbbbbbbbbbbb2");

/** Every isolation case for tenant `own` against `other`: what the task may do, and what it must not. */
function isolationCases(own: Tenant, other: Tenant): { name: string; ask: Ask; allowed: boolean }[] {
  return [
    { name: "mount through its own access point", ask: mount(own.accessPointArn), allowed: true },
    {
      name: "write through its own access point",
      ask: mount(own.accessPointArn, { write: true }),
      allowed: true,
    },
    {
      name: "mount through the other tenant's access point",
      ask: mount(other.accessPointArn),
      allowed: false,
    },
    {
      name: "write through the other tenant's access point",
      ask: mount(other.accessPointArn, { write: true }),
      allowed: false,
    },
    { name: "mount without an access point (the whole file system)", ask: mount(undefined), allowed: false },
    {
      name: "mount its own access point without TLS",
      ask: mount(own.accessPointArn, { tls: false }),
      allowed: false,
    },
    ...own.secrets.map((arn) => ({
      name: `read its own secret ${arn}`,
      ask: { action: "secretsmanager:GetSecretValue", resource: arn },
      allowed: true,
    })),
    ...other.secrets.map((arn) => ({
      name: `read the other tenant's secret ${arn}`,
      ask: { action: "secretsmanager:GetSecretValue", resource: arn },
      allowed: false,
    })),
    {
      name: "write its own log stream",
      ask: { action: "logs:PutLogEvents", resource: own.logStream },
      allowed: true,
    },
    {
      name: "write the other tenant's log stream",
      ask: { action: "logs:PutLogEvents", resource: other.logStream },
      allowed: false,
    },
    {
      name: "create a stream in the other tenant's log group",
      ask: { action: "logs:CreateLogStream", resource: other.logStream },
      allowed: false,
    },
  ];
}

/** The cases whose decision breaks isolation, for `own` holding `policy` as `roleArn`. */
async function violations(
  own: Tenant,
  other: Tenant,
  role: { arn: string; policy: IamPolicyDocument; boundary?: PolicyDocument },
) {
  const broken: { name: string; decision: Decision }[] = [];
  for (const { name, ask, allowed } of isolationCases(own, other)) {
    const decision = await decide(role.arn, role.policy, ask, role.boundary);
    if ((decision === "Allowed") !== allowed) broken.push({ name, decision });
  }
  return broken;
}

describe("tenant isolation by IAM simulation: each task runs as its tenant's own role", () => {
  it.each([
    ["acme", A, B],
    ["globex", B, A],
  ])("%s's task: its own access point, secrets and logs only", async (_name, own, other) => {
    const role = { arn: own.roleArn, policy: perTenantPolicy(own), boundary: TASK_ROLE_BOUNDARY_POLICY };
    expect(await violations(own, other, role)).toEqual([]);
  });

  it("says why each denial happens: the other access point is not granted, no access point and no TLS are refused outright", async () => {
    const policy = perTenantPolicy(A);
    expect(await decide(A.roleArn, policy, mount(B.accessPointArn))).toBe("ImplicitlyDenied");
    expect(await decide(A.roleArn, policy, mount(undefined))).toBe("ExplicitlyDenied");
    expect(await decide(A.roleArn, policy, mount(A.accessPointArn, { tls: false }))).toBe("ExplicitlyDenied");
  });

  it("the execution role (the tenant's role) reads exactly the secrets its task definition references", async () => {
    const referenced = referencedSecrets(A);
    expect([...referenced].sort()).toEqual([...A.secrets].sort());
    const policy = perTenantPolicy(A);
    for (const arn of referenced)
      expect(
        await decide(A.roleArn, policy, { action: "secretsmanager:GetSecretValue", resource: arn }),
      ).toBe("Allowed");
    // Anything else under bbws/: another tenant's, or this tenant's of another environment.
    const others = [...B.secrets, A.secrets[0]?.replace("/dev/", "/prod/") ?? ""];
    for (const arn of others)
      expect(
        await decide(A.roleArn, policy, { action: "secretsmanager:GetSecretValue", resource: arn }),
      ).not.toBe("Allowed");
  });
});

describe("the planted change: the old shared role breaks isolation, and the cases above see it", () => {
  it("the simulator ALLOWS acme's task to mount through globex's access point with the old shared role", async () => {
    expect(await decide(SHARED_ROLE_ARN, oldSharedPolicy(), mount(B.accessPointArn))).toBe("Allowed");
  });

  it("the isolation cases fail on it: cross-tenant mount and write, secrets and logs", async () => {
    const broken = await violations(A, B, { arn: SHARED_ROLE_ARN, policy: oldSharedPolicy() });
    expect(broken.map((violation) => violation.name)).toEqual([
      "mount through the other tenant's access point",
      "write through the other tenant's access point",
      ...B.secrets.map((arn) => `read the other tenant's secret ${arn}`),
      "write the other tenant's log stream",
      "create a stream in the other tenant's log group",
    ]);
  });
});

describe("what compute may do with the tenants' roles (its workload grants, infra/workloadGrants.ts)", () => {
  const compute = { kind: "workload", user: "compute" } as const;
  const pass = (role: string, service: string) => ({
    action: "iam:PassRole",
    resource: role,
    context: { "iam:PassedToService": service },
  });

  it("passes a tenant's task role to ECS tasks, and nothing else to anything else", async () => {
    expect((await simulateRequest(compute, pass(A.roleArn, "ecs-tasks.amazonaws.com"))).decision).toBe(
      "Allowed",
    );
    expect((await simulateRequest(compute, pass(A.roleArn, "lambda.amazonaws.com"))).decision).toBe(
      "ImplicitlyDenied",
    );
    const admin = A.roleArn.replace(/role\/.*$/, "role/OrganizationAccountAccessRole");
    expect((await simulateRequest(compute, pass(admin, "ecs-tasks.amazonaws.com"))).decision).toBe(
      "ImplicitlyDenied",
    );
    const notATaskRole = A.roleArn.replace(/-task$/, "-admin");
    expect((await simulateRequest(compute, pass(notATaskRole, "ecs-tasks.amazonaws.com"))).decision).toBe(
      "ImplicitlyDenied",
    );
  });

  it("creates and edits only tagged roles under /bbws/tenants/wp-*-task, and only with the boundary", async () => {
    const boundary = { "iam:PermissionsBoundary": taskRoleBoundaryArnOf(SCOPE) };
    const tagged = {
      "aws:RequestTag/bbws:managedBy": "bbws-instance-management",
      "aws:TagKeys": "bbws:managedBy",
      ...boundary,
    };
    const create = (resource: string, context: Record<string, string>) => ({
      action: "iam:CreateRole",
      resource,
      context,
    });
    expect((await simulateRequest(compute, create(A.roleArn, tagged))).decision).toBe("Allowed");
    expect((await simulateRequest(compute, create(A.roleArn, boundary))).decision).toBe("ImplicitlyDenied");
    const { "iam:PermissionsBoundary": _none, ...unbounded } = tagged;
    expect((await simulateRequest(compute, create(A.roleArn, unbounded))).decision).toBe("ImplicitlyDenied");
    const elsewhere = A.roleArn.replace("/bbws/tenants/", "/");
    expect((await simulateRequest(compute, create(elsewhere, tagged))).decision).toBe("ImplicitlyDenied");
    const putPolicy = (tag: string, boundaryArn = taskRoleBoundaryArnOf(SCOPE)) => ({
      action: "iam:PutRolePolicy",
      resource: A.roleArn,
      context: { "aws:ResourceTag/bbws:managedBy": tag, "iam:PermissionsBoundary": boundaryArn },
    });
    expect((await simulateRequest(compute, putPolicy("bbws-instance-management"))).decision).toBe("Allowed");
    expect((await simulateRequest(compute, putPolicy("someone-else"))).decision).toBe("ImplicitlyDenied");
    const adminBoundary = "arn:aws:iam::aws:policy/AdministratorAccess";
    expect(
      (await simulateRequest(compute, putPolicy("bbws-instance-management", adminBoundary))).decision,
    ).toBe("ImplicitlyDenied");
  });
});

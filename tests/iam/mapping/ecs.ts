import { requestTagKeys, tagRecord } from "../iamRequest.ts";
import { CONFIG, OWN_RESOURCE_TAGS, workloadArn } from "../simulatedDeployment.ts";
import { type CommandInput, request, type ServiceMapping } from "./commandMapping.ts";
import { taskRoleArn } from "./iam.ts";

/**
 * ECS in the deployment's cluster. Tags given at creation need ecs:TagResource with
 * ecs:CreateAction; a task definition's roles, and a task started from it, need iam:PassRole
 * to ecs-tasks.amazonaws.com.
 */
const cluster = () => CONFIG.infra.ecsClusterName;
const clusterArn = () => workloadArn("ecs", `cluster/${cluster()}`);
const service = (name: string) => workloadArn("ecs", `service/${cluster()}/${name.split("/").pop()}`);
const taskDefinition = (ref: string) => workloadArn("ecs", `task-definition/${ref.split("/").pop()}`);
const task = (ref: string) => workloadArn("ecs", `task/${cluster()}/${ref.split("/").pop()}`);
const inCluster = { "ecs:cluster": clusterArn() };

const tagOnCreate = (tags: unknown, created: string, createAction: string) =>
  tags
    ? [
        request(
          "ecs:TagResource",
          created,
          { ...requestTagKeys(tagRecord(tags)), "ecs:CreateAction": createAction },
          `tag-on-create: ${createAction} tags`,
        ),
      ]
    : [];

/** Each distinct role once (a tenant's role is its task and its execution role), moved into the workload account. */
const passRoles = (roles: readonly (string | undefined)[], why: string) =>
  [...new Set(roles.filter((role): role is string => Boolean(role)))].map((role) =>
    request(
      "iam:PassRole",
      taskRoleArn(role.split("/").pop() ?? ""),
      {
        "iam:PassedToService": "ecs-tasks.amazonaws.com",
      },
      why,
    ),
  );
/** `wp-{tenantId}-{env}:{revision}` runs with the tenant's role `wp-{tenantId}-{env}-task`. */
const roleOfRevision = (ref: string) => `${(ref.split("/").pop() ?? "").split(":")[0]}-task`;

const onService = (action: string) => (input: CommandInput) => [
  request(`ecs:${action}`, service(input.service), { ...inCluster, ...OWN_RESOURCE_TAGS }),
];

export const ecs: ServiceMapping = {
  client: "ECSClient",
  account: "workload",
  commands: {
    CreateService: (input) => [
      request("ecs:CreateService", service(input.serviceName), {
        ...inCluster,
        "ecs:task-definition": taskDefinition(input.taskDefinition),
        ...requestTagKeys(tagRecord(input.tags)),
      }),
      ...tagOnCreate(input.tags, service(input.serviceName), "CreateService"),
    ],
    UpdateService: onService("UpdateService"),
    DeleteService: onService("DeleteService"),
    DescribeServices: (input) =>
      (input.services as string[]).map((name) =>
        request("ecs:DescribeServices", service(name), { ...inCluster, ...OWN_RESOURCE_TAGS }),
      ),
    RegisterTaskDefinition: (input) => [
      request(
        "ecs:RegisterTaskDefinition",
        taskDefinition(`${input.family}:1`),
        requestTagKeys(tagRecord(input.tags)),
      ),
      ...tagOnCreate(input.tags, taskDefinition(`${input.family}:1`), "RegisterTaskDefinition"),
      ...passRoles([input.executionRoleArn, input.taskRoleArn], "the task definition's roles"),
    ],
    RunTask: (input) => [
      request("ecs:RunTask", taskDefinition(input.taskDefinition), {
        ...inCluster,
        ...requestTagKeys(tagRecord(input.tags)),
      }),
      ...tagOnCreate(input.tags, task("0123456789abcdef0123456789abcdef"), "RunTask"),
      // The task runs with its definition's role: the tenant's own (see RegisterTaskDefinition).
      ...passRoles(
        [roleOfRevision(input.taskDefinition)],
        "RunTask starts a task with its definition's role",
      ),
    ],
    DescribeTasks: (input) =>
      (input.tasks as string[]).map((ref) => request("ecs:DescribeTasks", task(ref), inCluster)),
    ListTaskDefinitions: () => [request("ecs:ListTaskDefinitions", "*")],
    DeregisterTaskDefinition: () => [request("ecs:DeregisterTaskDefinition", "*")],
    DeleteTaskDefinitions: (input) =>
      (input.taskDefinitions as string[]).map((ref) =>
        request("ecs:DeleteTaskDefinitions", taskDefinition(ref)),
      ),
  },
};

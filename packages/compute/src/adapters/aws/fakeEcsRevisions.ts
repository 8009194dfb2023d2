import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTasksCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
  RunTaskCommand,
  type RunTaskCommandInput,
} from "@aws-sdk/client-ecs";
import { awsError, type MockedClients } from "./ecsTestKit.ts";

export const ACCOUNT = "arn:aws:ecs:eu-west-1:123456789012";

/** Whether ECS sees an IAM role yet (the fake IAM's propagation); every role by default. */
export type RoleVisibility = (roleArn: string | undefined) => boolean;
const everyRole: RoleVisibility = () => true;

/**
 * Task definition revisions of the fake ECS: registered, listed two a page, deregistered, deleted.
 * A task role ECS does not see yet is refused as the real one does ("Role is not valid").
 * Answers the role each revision names.
 */
export function fakeTaskDefinitions(
  clients: MockedClients,
  roleVisible: RoleVisibility = everyRole,
): (taskDefinitionArn: string) => string | undefined {
  const revisions = new Map<string, { arn: string; status: string; taskRoleArn?: string }[]>();
  const familyOf = (arn: string) => arn.slice(arn.indexOf("/") + 1, arn.lastIndexOf(":"));
  const revisionByArn = (arn: string) =>
    revisions.get(familyOf(arn))?.find((revision) => revision.arn === arn);

  clients.ecsMock.on(RegisterTaskDefinitionCommand).callsFake((input: RegisterTaskDefinitionCommandInput) => {
    const family = input.family ?? "";
    if (input.taskRoleArn && !roleVisible(input.taskRoleArn))
      throw awsError("ClientException", "Role is not valid");
    const list = revisions.get(family) ?? [];
    const arn = `${ACCOUNT}:task-definition/${family}:${list.length + 1}`;
    const taskRoleArn = input.taskRoleArn;
    revisions.set(family, [...list, { arn, status: "ACTIVE", ...(taskRoleArn ? { taskRoleArn } : {}) }]);
    return { taskDefinition: { taskDefinitionArn: arn, family, revision: list.length + 1 } };
  });

  clients.ecsMock
    .on(ListTaskDefinitionsCommand)
    .callsFake((input: { familyPrefix: string; status: string; nextToken?: string }) => {
      const all = (revisions.get(input.familyPrefix) ?? []).filter(
        (revision) => revision.status === input.status,
      );
      const start = Number(input.nextToken ?? 0);
      const next = start + 2 < all.length ? String(start + 2) : undefined;
      return {
        taskDefinitionArns: all.slice(start, start + 2).map((revision) => revision.arn),
        nextToken: next,
      };
    });

  clients.ecsMock
    .on(DeregisterTaskDefinitionCommand)
    .callsFake(({ taskDefinition }: { taskDefinition: string }) => {
      const revision = revisionByArn(taskDefinition);
      if (revision) revision.status = "INACTIVE";
      return { taskDefinition: { taskDefinitionArn: taskDefinition, status: "INACTIVE" } };
    });

  clients.ecsMock
    .on(DeleteTaskDefinitionsCommand)
    .callsFake(({ taskDefinitions }: { taskDefinitions: string[] }) => {
      const deleted = taskDefinitions.filter((arn) => revisionByArn(arn)?.status === "INACTIVE");
      for (const arn of deleted) {
        const revision = revisionByArn(arn);
        if (revision) revision.status = "DELETE_IN_PROGRESS";
      }
      return { taskDefinitions: deleted.map((taskDefinitionArn) => ({ taskDefinitionArn })), failures: [] };
    });
  return (arn) => revisionByArn(arn)?.taskRoleArn;
}

/** Install tasks of the fake ECS (RunTask idempotent by clientToken); returns the families WordPress was installed for. */
export function fakeInstallTasks(
  clients: MockedClients,
  roleOf: (taskDefinitionArn: string) => string | undefined = () => undefined,
  roleVisible: RoleVisibility = everyRole,
): Set<string> {
  const installed = new Set<string>();
  const tasks = new Map<string, { taskArn: string; family: string; lastStatus: string }>();
  const byToken = new Map<string, string>();
  clients.ecsMock.on(RunTaskCommand).callsFake((input: RunTaskCommandInput) => {
    const known = byToken.get(input.clientToken ?? "");
    if (known) return { tasks: [tasks.get(known)], failures: [] };
    const role = roleOf(input.taskDefinition ?? "");
    if (role && !roleVisible(role))
      throw awsError(
        "InvalidParameterException",
        `ECS was unable to assume the role '${role}' that was provided for this task. Please verify that the role being passed has the proper trust relationship and permissions and that your IAM user has permissions to pass this role.`,
      );
    const taskArn = `${ACCOUNT}:task/${input.cluster}/${String(tasks.size + 1).padStart(32, "0")}`;
    const family = (input.taskDefinition ?? "").split("/")[1]?.split(":")[0] ?? "";
    tasks.set(taskArn, { taskArn, family, lastStatus: "PROVISIONING" });
    byToken.set(input.clientToken ?? taskArn, taskArn);
    return { tasks: [{ taskArn, lastStatus: "PROVISIONING" }], failures: [] };
  });
  clients.ecsMock.on(DescribeTasksCommand).callsFake(({ tasks: arns }: { tasks: string[] }) => {
    const found = arns.flatMap((arn) => {
      const task = tasks.get(arn);
      if (!task) return [];
      task.lastStatus = "STOPPED";
      installed.add(task.family);
      return [{ taskArn: arn, lastStatus: "STOPPED", containers: [{ name: "wordpress", exitCode: 0 }] }];
    });
    return { tasks: found, failures: found.length ? [] : [{ arn: arns[0], reason: "MISSING" }] };
  });
  return installed;
}

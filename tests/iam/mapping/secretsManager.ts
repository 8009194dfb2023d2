import { requestTagKeys, tagRecord } from "../iamRequest.ts";
import { CONFIG, inWorkload, workloadArn } from "../simulatedDeployment.ts";
import { type CommandInput, request, type ServiceMapping } from "./commandMapping.ts";

/**
 * Secrets Manager authorises against the secret's ARN, which ends in a random six-character
 * suffix after the name. Our secrets are named `bbws/...`; any other secret an adapter reads
 * is the deployment's RDS master secret (its ARN is configuration).
 */
function secretArn(id: string): string {
  if (id.startsWith("arn:"))
    return id.includes(":secret:bbws/") ? inWorkload(id) : CONFIG.infra.rds.masterSecretArn;
  return id.startsWith("bbws/")
    ? workloadArn("secretsmanager", `secret:${id}-AbCdEf`)
    : CONFIG.infra.rds.masterSecretArn;
}
const onSecret = (action: string) => (input: CommandInput) => [
  request(`secretsmanager:${action}`, secretArn(input.SecretId), {
    "secretsmanager:SecretId": secretArn(input.SecretId),
  }),
];

export const secretsManager: ServiceMapping = {
  client: "SecretsManagerClient",
  account: "workload",
  commands: {
    CreateSecret: (input) => {
      const arn = secretArn(input.Name);
      const context = { "secretsmanager:Name": input.Name, ...requestTagKeys(tagRecord(input.Tags)) };
      return [
        request("secretsmanager:CreateSecret", arn, context),
        // Secrets Manager: tags given to CreateSecret also need TagResource on the new secret.
        ...(input.Tags
          ? [
              request(
                "secretsmanager:TagResource",
                arn,
                requestTagKeys(tagRecord(input.Tags)),
                "tag-on-create: Tags",
              ),
            ]
          : []),
      ];
    },
    GetSecretValue: onSecret("GetSecretValue"),
    DescribeSecret: onSecret("DescribeSecret"),
    PutSecretValue: onSecret("PutSecretValue"),
    UpdateSecretVersionStage: onSecret("UpdateSecretVersionStage"),
    DeleteSecret: onSecret("DeleteSecret"),
  },
};

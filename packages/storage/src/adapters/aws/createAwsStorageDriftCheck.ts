import { DescribeAccessPointsCommand, type EFSClient } from "@aws-sdk/client-efs";
import { DescribeSecretCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { Environment, ResourceDriftCheck } from "@bbws/contracts";
import { DRIFT_KIND } from "../../domain/driftKinds.ts";
import { errorName } from "./awsCalls.ts";

export interface AwsStorageDriftCheckDeps {
  readonly efsFor: (environment: Environment) => Pick<EFSClient, "send">;
  readonly secretsFor: (environment: Environment) => Pick<SecretsManagerClient, "send">;
}

/**
 * The AWS half of storage's drift check: the recorded access point (DescribeAccessPoints by id)
 * and credentials secret (DescribeSecret), at once. A secret scheduled for deletion (DeletedDate)
 * counts as gone: WordPress can no longer read it. The storage drift function runs it beside the
 * database half (createSqlStorageDriftCheck), in the VPC; the API and the sweep invoke that
 * function (createLambdaStorageDriftCheck).
 */
export function createAwsStorageDriftCheck(deps: AwsStorageDriftCheckDeps): ResourceDriftCheck {
  return {
    kinds: [DRIFT_KIND.accessPoint, DRIFT_KIND.secret],
    async missing(target, signal) {
      const storage = target.outputs.storage;
      if (!storage) return [];
      if (!storage.credentialsSecretRef.startsWith("arn:"))
        throw new Error(
          `the recorded credentials secret is not a Secrets Manager ARN: ${storage.credentialsSecretRef}`,
        );
      const options = { abortSignal: signal };
      const [accessPoint, secret] = await Promise.all([
        deps
          .efsFor(target.environment)
          .send(new DescribeAccessPointsCommand({ AccessPointId: storage.accessPointId }), options)
          .then(
            ({ AccessPoints = [] }) => AccessPoints.some((point) => point.LifeCycleState !== "deleted"),
            (error: unknown) => absentWhen(error, "AccessPointNotFound"),
          ),
        deps
          .secretsFor(target.environment)
          .send(new DescribeSecretCommand({ SecretId: storage.credentialsSecretRef }), options)
          .then(
            ({ DeletedDate }) => DeletedDate === undefined,
            (error: unknown) => absentWhen(error, "ResourceNotFoundException"),
          ),
      ]);
      return [...(accessPoint ? [] : [DRIFT_KIND.accessPoint]), ...(secret ? [] : [DRIFT_KIND.secret])];
    },
  };
}

/** false (absent) for AWS's not-found error; anything else is the part's error. */
function absentWhen(error: unknown, notFound: string): false {
  if (errorName(error) === notFound) return false;
  throw error;
}

import { AWS_FIGURES as F } from "./awsFigures.ts";
import { awsError, type SimulatedApi } from "./simulatedApi.ts";
import { createTokenBucket } from "./tokenBucket.ts";

interface Secret {
  readonly arn: string;
  value: string;
  readonly tags: readonly { Key: string; Value: string }[];
}

const READS = new Set(["DescribeSecret", "GetSecretValue"]);

/** Secrets Manager: secrets by name (ResourceExistsException on a second create), throttled per API class. */
export function secretsApi(): SimulatedApi {
  const secrets = new Map<string, Secret>();
  let seq = 0;
  const writes = createTokenBucket({
    ratePerSecond: F.secretsWritesPerSecond.value,
    burst: F.secretsWritesPerSecond.burst,
  });
  const reads = createTokenBucket({
    ratePerSecond: F.secretsReadsPerSecond.value,
    burst: F.secretsReadsPerSecond.burst,
  });
  const byId = (id: string) => {
    const secret = secrets.get(id) ?? [...secrets.values()].find((candidate) => candidate.arn === id);
    if (!secret)
      throw awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    return secret;
  };
  return {
    service: "SecretsManager",
    latencyMs: () => F.secretsLatencyMs.value,
    bucketOf: (action) =>
      READS.has(action)
        ? { api: "Secrets Manager reads", bucket: reads }
        : { api: "Secrets Manager writes", bucket: writes },
    throttle: { name: "ThrottlingException", status: 400 },
    handlers: {
      CreateSecret({ Name, SecretString, Tags }) {
        if (secrets.has(Name))
          throw awsError("ResourceExistsException", `The secret ${Name} already exists.`);
        seq += 1;
        const secret = {
          arn: `arn:aws:secretsmanager:eu-west-1:111122223333:secret:${Name}-${seq}`,
          value: SecretString,
          tags: Tags ?? [],
        };
        secrets.set(Name, secret);
        return { ARN: secret.arn, Name };
      },
      DescribeSecret({ SecretId }) {
        const secret = byId(SecretId);
        return { ARN: secret.arn, Tags: secret.tags };
      },
      GetSecretValue({ SecretId }) {
        const secret = byId(SecretId);
        return { ARN: secret.arn, SecretString: secret.value };
      },
      PutSecretValue({ SecretId, SecretString }) {
        const secret = byId(SecretId);
        secret.value = SecretString;
        return { ARN: secret.arn };
      },
    },
  };
}

import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
  type Tag,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";

interface StoredSecret {
  readonly arn: string;
  readonly tags: readonly Tag[];
  readonly versions: Map<string, string>;
  current: string;
}

/**
 * A stateful stand-in for Secrets Manager (no compatible server runs here):
 * ClientRequestToken semantics of CreateSecret and PutSecretValue, tags,
 * forced deletion and "not found", on one client instance.
 */
export function createFakeSecretsManager() {
  const client = new SecretsManagerClient({
    region: "eu-west-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const secrets = new Map<string, StoredSecret>();
  const find = (id: string | undefined) =>
    [...secrets.entries()].find(([name, secret]) => name === id || secret.arn === id);
  const notFound = () =>
    new ResourceNotFoundException({
      message: "Secrets Manager can't find the specified secret.",
      $metadata: {},
    });
  const exists = (name: string) =>
    new ResourceExistsException({ message: `The secret ${name} already exists.`, $metadata: {} });
  const mock = mockClient(client);

  mock.on(CreateSecretCommand).callsFake((input) => {
    const name = String(input.Name);
    const token = String(input.ClientRequestToken);
    const existing = secrets.get(name);
    if (existing) {
      if (existing.versions.get(token) === input.SecretString) return { ARN: existing.arn, Name: name };
      throw exists(name);
    }
    const arn = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}-${secrets.size.toString(36).padStart(6, "a")}`;
    const value = String(input.SecretString);
    secrets.set(name, { arn, tags: input.Tags ?? [], versions: new Map([[token, value]]), current: value });
    return { ARN: arn, Name: name, VersionId: token };
  });
  mock.on(DescribeSecretCommand).callsFake((input) => {
    const found = find(input.SecretId);
    if (!found) throw notFound();
    return { ARN: found[1].arn, Name: found[0], Tags: [...found[1].tags] };
  });
  mock.on(PutSecretValueCommand).callsFake((input) => {
    const found = find(input.SecretId);
    if (!found) throw notFound();
    const [name, secret] = found;
    const token = String(input.ClientRequestToken);
    const known = secret.versions.get(token);
    if (known !== undefined && known !== input.SecretString) throw exists(name);
    secret.versions.set(token, String(input.SecretString));
    secret.current = String(input.SecretString);
    return { ARN: secret.arn, Name: name, VersionId: token };
  });
  mock.on(DeleteSecretCommand).callsFake((input) => {
    const found = find(input.SecretId);
    if (!found) throw notFound();
    secrets.delete(found[0]);
    return { ARN: found[1].arn, Name: found[0] };
  });

  return {
    client,
    mock,
    /** The current value behind a name or ARN; null when there is no such secret. */
    read(reference: string): string | null {
      return find(reference)?.[1].current ?? null;
    },
    tagsOf(reference: string): readonly Tag[] {
      return find(reference)?.[1].tags ?? [];
    },
  };
}

import { AWS_FIGURES as F } from "./awsFigures.ts";
import { awsError, type SimulatedApi } from "./simulatedApi.ts";
import { createTokenBucket } from "./tokenBucket.ts";

interface Pool {
  readonly id: string;
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly clients: Map<string, { ClientId: string; ClientName: string; ClientSecret: string }>;
  readonly groups: Set<string>;
}

const READS = new Set([
  "ListUserPools",
  "DescribeUserPool",
  "ListUserPoolClients",
  "DescribeUserPoolClient",
  "DescribeUserPoolDomain",
  "ListGroups",
]);

/**
 * Cognito user pools: pools (with the region's pool quota: LimitExceededException), app clients,
 * groups and hosted domains; reads and writes each draw from an account-wide bucket and are
 * throttled with TooManyRequestsException (429), as Cognito does.
 */
export function cognitoApi() {
  const pools = new Map<string, Pool>();
  const domains = new Map<string, string>();
  let seq = 0;
  const writes = createTokenBucket({
    ratePerSecond: F.cognitoWritesPerSecond.value,
    burst: F.cognitoWritesPerSecond.burst,
  });
  const reads = createTokenBucket({
    ratePerSecond: F.cognitoReadsPerSecond.value,
    burst: F.cognitoReadsPerSecond.burst,
  });
  const poolOf = (id: string) => {
    const pool = pools.get(id);
    if (!pool) throw awsError("ResourceNotFoundException", `User pool ${id} does not exist.`);
    return pool;
  };
  const page = <T>(items: readonly T[], token: string | undefined, size: number) => {
    const start = Number(token ?? 0);
    const end = start + size;
    return { items: items.slice(start, end), next: end < items.length ? String(end) : undefined };
  };
  const api: SimulatedApi = {
    service: "Cognito",
    latencyMs: () => F.cognitoLatencyMs.value,
    bucketOf: (action) =>
      READS.has(action) ? { api: "Cognito reads", bucket: reads } : { api: "Cognito writes", bucket: writes },
    throttle: { name: "TooManyRequestsException", status: 429 },
    handlers: {
      ListUserPools({ MaxResults, NextToken }) {
        const { items, next } = page([...pools.values()], NextToken, MaxResults ?? 60);
        return { UserPools: items.map((pool) => ({ Id: pool.id, Name: pool.name })), NextToken: next };
      },
      DescribeUserPool({ UserPoolId }) {
        const pool = poolOf(UserPoolId);
        return { UserPool: { Id: pool.id, Name: pool.name, UserPoolTags: pool.tags } };
      },
      CreateUserPool({ PoolName, UserPoolTags }) {
        if (pools.size >= F.cognitoUserPoolsPerRegion.value)
          throw awsError("LimitExceededException", "User pool limit exceeded for the account.");
        seq += 1;
        const pool: Pool = {
          id: `eu-west-1_sim${seq}`,
          name: PoolName,
          tags: UserPoolTags ?? {},
          clients: new Map(),
          groups: new Set(),
        };
        pools.set(pool.id, pool);
        return { UserPool: { Id: pool.id, Name: pool.name, UserPoolTags: pool.tags } };
      },
      ListUserPoolClients({ UserPoolId }) {
        return {
          UserPoolClients: [...poolOf(UserPoolId).clients.values()].map(({ ClientId, ClientName }) => ({
            ClientId,
            ClientName,
            UserPoolId,
          })),
        };
      },
      CreateUserPoolClient({ UserPoolId, ClientName }) {
        seq += 1;
        const client = { ClientId: `client${seq}`, ClientName, ClientSecret: `secret${seq}` };
        poolOf(UserPoolId).clients.set(client.ClientId, client);
        return { UserPoolClient: { ...client, UserPoolId } };
      },
      DescribeUserPoolClient({ UserPoolId, ClientId }) {
        const client = poolOf(UserPoolId).clients.get(ClientId);
        if (!client) throw awsError("ResourceNotFoundException", `client ${ClientId} not found`);
        return { UserPoolClient: { ...client, UserPoolId } };
      },
      CreateGroup({ UserPoolId, GroupName }) {
        const pool = poolOf(UserPoolId);
        if (pool.groups.has(GroupName))
          throw awsError("GroupExistsException", "A group with the name already exists.");
        pool.groups.add(GroupName);
        return { Group: { GroupName, UserPoolId } };
      },
      DescribeUserPoolDomain({ Domain }) {
        const owner = domains.get(Domain);
        return { DomainDescription: owner ? { Domain, UserPoolId: owner, Status: "ACTIVE" } : {} };
      },
      CreateUserPoolDomain({ Domain, UserPoolId }) {
        poolOf(UserPoolId);
        domains.set(Domain, UserPoolId);
        return {};
      },
    },
  };
  return { api, pools };
}

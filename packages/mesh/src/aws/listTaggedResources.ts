import {
  GetResourcesCommand,
  type GetResourcesCommandInput,
  type ResourceGroupsTaggingAPIClient,
} from "@aws-sdk/client-resource-groups-tagging-api";
import {
  type Environment,
  EnvironmentSchema,
  type InstanceId,
  InstanceIdSchema,
  type OwnedResource,
  type Service,
  type TenantId,
  TenantIdSchema,
} from "@bbws/contracts";
import type { Logger } from "../logger.ts";

/** The tag every resource we create carries (`resourceTags` in contracts' naming.ts). */
export const MANAGED_BY_TAG = { key: "bbws:managedBy", value: "bbws-instance-management" } as const;

/** The Resource Groups Tagging API client, re-exported so services need not depend on the SDK package. */
export type TaggingClient = ResourceGroupsTaggingAPIClient;

/** The Tagging API's maximum page size. */
const RESOURCES_PER_PAGE = 100;

export interface TaggedResource {
  readonly arn: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * Every resource of the given types (`ecs:service`, `cognito-idp:userpool`, ...) in the
 * client's region tagged `bbws:managedBy=bbws-instance-management`, all pages.
 * The Tagging API is eventually consistent: a resource deleted a moment ago may still be
 * listed, so whoever removes what it lists must take "not found" as done.
 */
export async function listTaggedResources(input: {
  client: TaggingClient;
  resourceTypes: readonly string[];
}): Promise<TaggedResource[]> {
  const found: TaggedResource[] = [];
  let token: string | undefined;
  do {
    const request: GetResourcesCommandInput = {
      TagFilters: [{ Key: MANAGED_BY_TAG.key, Values: [MANAGED_BY_TAG.value] }],
      ResourceTypeFilters: [...input.resourceTypes],
      ResourcesPerPage: RESOURCES_PER_PAGE,
      ...(token ? { PaginationToken: token } : {}),
    };
    const page = await input.client.send(new GetResourcesCommand(request));
    for (const mapping of page.ResourceTagMappingList ?? []) {
      if (!mapping.ResourceARN) continue;
      const tags: Record<string, string> = {};
      for (const { Key, Value } of mapping.Tags ?? []) if (Key !== undefined) tags[Key] = Value ?? "";
      found.push({ arn: mapping.ResourceARN, tags });
    }
    // The last page answers an empty string, not an absent token.
    token = page.PaginationToken || undefined;
  } while (token);
  return found;
}

export interface TaggedOwner {
  readonly tenantId: TenantId;
  readonly instanceId: InstanceId;
  readonly environment: Environment;
}

/** The instance a resource's tags name; undefined unless all three tags are there and valid. */
export function taggedOwner(tags: Readonly<Record<string, string>>): TaggedOwner | undefined {
  const tenantId = TenantIdSchema.safeParse(tags["bbws:tenantId"]);
  const instanceId = InstanceIdSchema.safeParse(tags["bbws:instanceId"]);
  const environment = EnvironmentSchema.safeParse(tags["bbws:environment"]);
  if (!tenantId.success || !instanceId.success || !environment.success) return undefined;
  return { tenantId: tenantId.data, instanceId: instanceId.data, environment: environment.data };
}

/**
 * The Tagging API's resource type of an ARN: `service:type`, the type being what comes
 * before the first `/` or `:` of the ARN's resource part (`secretsmanager:secret`,
 * `elasticloadbalancing:listener-rule`, `ecs:task-definition`).
 */
export function arnResourceType(arn: string): string {
  const [, , service = "", , , ...rest] = arn.split(":");
  const resource = rest.join(":");
  return `${service}:${resource.split(/[/:]/, 1)[0] ?? ""}`;
}

/**
 * A secret's name from its ARN: Secrets Manager appends `-` and 6 random characters
 * (`...:secret:bbws/acme/dev/db-AbCdEf` is `bbws/acme/dev/db`); undefined for other ARNs.
 */
export function secretNameOf(arn: string): string | undefined {
  const marker = ":secret:";
  const at = arn.indexOf(marker);
  if (!arn.startsWith("arn:") || at === -1) return undefined;
  const match = /^(.+)-[A-Za-z0-9]{6}$/.exec(arn.slice(at + marker.length));
  return match?.[1];
}

/**
 * Tagged resources as the orphan scan's `OwnedResource`s: the kind by resource type (types
 * not in `kinds` are left out), owner from the tags. A resource whose tags do not name a
 * valid tenant, instance and environment is skipped and logged: it cannot be attributed.
 */
export function ownedResourcesOf(
  items: readonly TaggedResource[],
  options: { service: Service; kinds: Readonly<Record<string, string>>; logger: Logger },
): OwnedResource[] {
  return items.flatMap((item) => {
    const kind = options.kinds[arnResourceType(item.arn)];
    if (!kind) return [];
    const owner = taggedOwner(item.tags);
    if (!owner) {
      options.logger.warn("tagged resource skipped: incomplete bbws tags", {
        service: options.service,
        arn: item.arn,
        tags: item.tags,
      });
      return [];
    }
    return [{ service: options.service, kind, id: item.arn, ...owner }];
  });
}

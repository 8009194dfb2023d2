/** One authorisation AWS evaluates for a call: the action, the resource, the request's condition keys. */
export interface IamRequest {
  /** `service:Action`, as in a policy. */
  readonly action: string;
  /** The resource ARN AWS authorises against, or `*` for an action without resource-level permissions. */
  readonly resource: string;
  /** Condition keys the call carries (aws:RequestTag/..., aws:TagKeys, service keys...). */
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** Why AWS makes this extra check, for an authorisation beyond the command's own action. */
  readonly implied?: string;
}

/** Tags as the condition keys a tagged request carries. */
export function requestTagKeys(
  tags: Readonly<Record<string, string>>,
): Record<string, string | readonly string[]> {
  const keys: Record<string, string | readonly string[]> = { "aws:TagKeys": Object.keys(tags) };
  for (const [key, value] of Object.entries(tags)) keys[`aws:RequestTag/${key}`] = value;
  return keys;
}

/** `[{Key, Value}]` (most services) or `{key: value}` (Cognito, ECS's lowercase `{key, value}`) as one record. */
export function tagRecord(tags: unknown): Record<string, string> {
  if (!tags) return {};
  if (Array.isArray(tags))
    return Object.fromEntries(
      tags.map((tag: { Key?: string; Value?: string; key?: string; value?: string }) => [
        tag.Key ?? tag.key ?? "",
        tag.Value ?? tag.value ?? "",
      ]),
    );
  return { ...(tags as Record<string, string>) };
}

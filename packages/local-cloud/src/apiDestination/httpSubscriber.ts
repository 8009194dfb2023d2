import { type EventPatternJson, TENANT_MANAGEMENT_PATTERN } from "@bbws/contracts";
import { z } from "zod";
import { validateEventPattern } from "../matchEventPattern.ts";

const HeaderNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, {
  error: "a header name is letters, digits and - (e.g. x-api-key)",
});

/**
 * An HTTP subscriber of the local bus, as an EventBridge rule with an API destination target: the
 * matching event's JSON is POSTed to `url` with `headers` (the connection's API key, say). Without a
 * pattern it receives what Tenant Management consumes.
 */
export const HttpSubscriberSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, {
    error:
      "name must be lowercase letters, digits and -, up to 63 characters (it names the rule and its queue)",
  }),
  url: z.url({ protocol: /^https?$/, error: "url must be an http:// or https:// URL" }),
  headers: z.record(HeaderNameSchema, z.string()).default({}),
  pattern: z
    .record(z.string(), z.unknown())
    .refine((pattern) => validateEventPattern(pattern).length === 0, {
      error: "pattern must be a valid EventBridge event pattern",
    })
    .optional(),
});
export type HttpSubscriber = z.infer<typeof HttpSubscriberSchema>;

export const HttpSubscribersFileSchema = z
  .object({ subscribers: z.array(HttpSubscriberSchema) })
  .refine((file) => new Set(file.subscribers.map((s) => s.name)).size === file.subscribers.length, {
    error: "subscriber names must be unique",
  });

/** The subscribers of a config file's JSON text; the error names the file and every bad field. */
export function parseHttpSubscribers(text: string, origin: string): HttpSubscriber[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${origin}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = HttpSubscribersFileSchema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${origin}: expected {"subscribers":[{"name","url","headers"?,"pattern"?}]}\n${z.prettifyError(parsed.error)}`,
    );
  return parsed.data.subscribers;
}

export function patternOf(subscriber: HttpSubscriber): EventPatternJson {
  return subscriber.pattern ?? TENANT_MANAGEMENT_PATTERN;
}

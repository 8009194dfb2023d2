import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { z } from "zod";
import { ApiError, type FieldError, validationError } from "../domain/errors.ts";
import { fieldErrors } from "../domain/fieldErrors.ts";

/** API Gateway lowercases header names in payload v2; the local adapter does the same. */
export function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return event.headers?.[name];
}

export function parseWith<T extends z.ZodType>(
  schema: T,
  value: unknown,
  location: FieldError["in"],
): z.output<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(fieldErrors(parsed.error.issues, location, value));
  return parsed.data;
}

/** `application/json` or any `application/*+json`, in UTF-8 (the default and only charset JSON allows). */
function isJsonMediaType(contentType: string): boolean {
  const [type = "", ...parameters] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (type !== "application/json" && !/^application\/[a-z0-9.!#$&^_-]+\+json$/.test(type)) return false;
  const charset = parameters.find((parameter) => parameter.startsWith("charset="));
  return charset === undefined || /^charset="?utf-8"?$/.test(charset);
}

/**
 * The body as JSON, or undefined when there is none. Checks size (413), media type (415)
 * and syntax (400) before anything reads it, so bad input never reaches a use case.
 */
export function readJsonBody(event: APIGatewayProxyEventV2, maxBytes: number): unknown {
  const raw = event.body;
  if (raw === undefined || raw === null || raw === "") return undefined;
  const bytes = event.isBase64Encoded ? Buffer.from(raw, "base64") : Buffer.from(raw, "utf8");
  if (bytes.length > maxBytes)
    throw new ApiError(
      "API.PAYLOAD_TOO_LARGE",
      `the body is ${bytes.length} bytes; the limit is ${maxBytes}`,
    );
  if (bytes.length === 0) return undefined;
  const contentType = headerOf(event, "content-type");
  if (contentType === undefined || !isJsonMediaType(contentType))
    throw new ApiError(
      "API.UNSUPPORTED_MEDIA_TYPE",
      `send the body as Content-Type: application/json (got ${JSON.stringify(contentType ?? null).slice(0, 100)})`,
    );
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ApiError("API.MALFORMED_JSON", `the body is not valid UTF-8 JSON: ${reason.slice(0, 200)}`, {
      cause: error,
    });
  }
}

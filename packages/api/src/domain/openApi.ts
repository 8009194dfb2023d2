import { z } from "zod";
import { PROBLEMS, type ProblemCode, problemType } from "./problemTable.ts";
import * as requests from "./requestSchemas.ts";
import { ROUTES, type RouteSpec } from "./routeSpecs.ts";
import * as views from "./viewSchemas.ts";

type Json = Record<string, unknown>;

/** Schemas published under components.schemas, referenced by `$ref` wherever they appear. */
const NAMED_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  ProvisionRequest: requests.ProvisionRequestSchema,
  TenantProvisionRequest: requests.TenantProvisionRequestSchema,
  ScaleRequest: requests.ScaleRequestSchema,
  UpdateRequest: requests.UpdateRequestSchema,
  RestoreRequest: requests.RestoreRequestSchema,
  EmptyRequest: requests.EmptyRequestSchema,
  ReplayRequest: requests.ReplayRequestSchema,
  RedriveRequest: requests.RedriveRequestSchema,
  OrphanCleanupRequest: requests.OrphanCleanupRequestSchema,
  Link: views.LinkSchema,
  Links: views.LinksSchema,
  OperationView: views.OperationViewSchema,
  OperationResource: views.OperationResourceSchema,
  InstanceResource: views.InstanceResourceSchema,
  InstanceSummary: views.InstanceSummarySchema,
  InstanceList: views.InstanceListSchema,
  StatusResource: views.StatusResourceSchema,
  HealthResource: views.HealthResourceSchema,
  TimelineResource: views.TimelineResourceSchema,
  LogsResource: views.LogsResourceSchema,
  BackupListResource: views.BackupListResourceSchema,
  MetricsResource: views.MetricsResourceSchema,
  TenantMetricsResource: views.TenantMetricsResourceSchema,
  Replay: views.ReplayViewSchema,
  DeadLetterList: views.DeadLetterListSchema,
  RedriveResult: views.RedriveResultSchema,
  OrphanReport: views.OrphanReportSchema,
  CleanupReport: views.CleanupReportSchema,
  Problem: views.ProblemSchema,
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nameOf = new Map<z.ZodType, string>(
  Object.entries(NAMED_SCHEMAS).map(([name, schema]) => [schema, name]),
);

function componentSchemas(): Json {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(NAMED_SCHEMAS)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    io: "input",
    unrepresentable: "any",
  });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]),
  );
}

/** A query or path parameter's schema, as a client sends it (a string, before transforms). */
function parameterSchema(schema: z.ZodType): { schema: Json; required: boolean } {
  const required = !schema.safeParse(undefined).success;
  const { $schema: _schema, ...json } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as Json;
  return { schema: json, required };
}

function parameters(route: RouteSpec): Json[] {
  const list: Json[] = [];
  for (const [name, schema] of Object.entries(route.params.shape))
    list.push({ name, in: "path", required: true, schema: parameterSchema(schema as z.ZodType).schema });
  if (route.query instanceof z.ZodObject) {
    for (const [name, schema] of Object.entries(route.query.shape)) {
      const parameter = parameterSchema(schema as z.ZodType);
      list.push({ name, in: "query", required: parameter.required, schema: parameter.schema });
    }
  }
  if (route.method !== "GET") list.push({ $ref: "#/components/parameters/IdempotencyKey" });
  return list;
}

const COMMON_PROBLEMS = [400, 401, 403, 429, 500, 503];

function operation(route: RouteSpec): Json {
  const responseName = nameOf.get(route.response.schema);
  const success: Json = {
    description: route.response.description,
    content: { "application/json": { schema: responseName ? ref(responseName) : {} } },
    // Only an operation has a URL to poll; a replay or a redrive answers in full.
    ...(route.response.status === 202 && route.response.schema === views.OperationResourceSchema
      ? { headers: { Location: { description: "The operation's URL", schema: { type: "string" } } } }
      : {}),
  };
  const statuses = [...new Set([...COMMON_PROBLEMS, ...route.problems])].sort((a, b) => a - b);
  const bodyName = route.body ? nameOf.get(route.body.schema) : undefined;
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    "x-required-group":
      route.access === "read" ? "platform-viewers or platform-operators" : "platform-operators",
    parameters: parameters(route),
    ...(route.body && bodyName
      ? {
          requestBody: {
            required: route.body.required,
            content: { "application/json": { schema: ref(bodyName) } },
          },
        }
      : {}),
    responses: {
      [String(route.response.status)]: success,
      ...Object.fromEntries(
        statuses.map((status) => [String(status), { $ref: `#/components/responses/Problem${status}` }]),
      ),
    },
  };
}

function problemResponses(): Json {
  const byStatus = new Map<number, ProblemCode[]>();
  for (const [code, { status }] of Object.entries(PROBLEMS) as [ProblemCode, { status: number }][])
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()].map(([status, codes]) => [
      `Problem${status}`,
      {
        description: `application/problem+json; code is one of ${codes.join(", ")}`,
        content: { "application/problem+json": { schema: ref("Problem") } },
      },
    ]),
  );
}

const DESCRIPTION = [
  "The REST facade of BBWS Instance Management: provision, operate and remove tenants' WordPress instances.",
  "Actions are asynchronous: they answer 202 with the operation and a Location to poll.",
  "Reads carry HATEOAS `_links` that offer only the actions the instance's state allows.",
  "Every POST and DELETE needs an `Idempotency-Key`: the same key and body replay the first answer; the same key with another body is a 422.",
  "Errors are application/problem+json with a stable `code` (listed in `x-problem-codes`).",
  "Authentication: a bearer JWT of the operators' Cognito pool; group platform-operators may write, platform-viewers may read.",
  "Recovery (replays, dead-letter queues, orphans) is for platform-operators only, reads included: it shows every tenant's data.",
].join("\n\n");

/** The OpenAPI 3.1 document, built from the route table and its zod schemas. */
export function buildOpenApi(): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...paths[route.path], [route.method.toLowerCase()]: operation(route) };
  }
  return {
    openapi: "3.1.0",
    info: { title: "BBWS Instance Management API", version: "1.0.0", description: DESCRIPTION },
    servers: [{ url: "/" }],
    security: [{ bearerAuth: [] }],
    tags: [
      { name: "instances", description: "Every tenant's instances" },
      { name: "tenant instances", description: "One tenant's instances; 404 for another tenant's" },
      { name: "operations", description: "Asynchronous operations" },
      { name: "tenants", description: "A tenant's instances taken together" },
      { name: "recovery", description: "Replay, dead-letter queues and orphans: platform-operators only" },
    ],
    "x-problem-codes": Object.fromEntries(
      Object.entries(PROBLEMS).map(([code, problem]) => [
        code,
        { ...problem, type: problemType(code as ProblemCode) },
      ]),
    ),
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: true,
          description: "A fresh value (a UUID) per logical request; resend the same one to retry safely.",
          schema: { type: "string", minLength: 8, maxLength: 255 },
        },
      },
      responses: problemResponses(),
      schemas: componentSchemas(),
    },
  };
}

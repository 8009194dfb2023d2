import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { buildOpenApi } from "./domain/openApi.ts";
import { ROUTES } from "./domain/routeSpecs.ts";
import { OPENAPI_FILE, renderOpenApiYaml } from "./openApiFile.ts";

describe("openapi.yaml", () => {
  it("is fresh (else run: npx tsx packages/api/src/openApiFile.ts)", async () => {
    expect(await readFile(OPENAPI_FILE, "utf8")).toBe(renderOpenApiYaml());
  });
});

describe("buildOpenApi", () => {
  const document = buildOpenApi() as {
    openapi: string;
    paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
  };

  it("is OpenAPI 3.1 with one operation per route and unique operationIds", () => {
    expect(document.openapi).toBe("3.1.0");
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({
        path,
        method,
        operationId: operation.operationId,
      })),
    );
    expect(operations).toHaveLength(ROUTES.length);
    expect(new Set(operations.map((operation) => operation.operationId)).size).toBe(ROUTES.length);
    for (const route of ROUTES)
      expect(document.paths[route.path]?.[route.method.toLowerCase()]?.operationId).toBe(route.operationId);
  });

  it("resolves every $ref", () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      const pointer = JSON.parse(`{${ref}}`).$ref as string;
      const target = pointer
        .slice(2)
        .split("/")
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document);
      expect(target, pointer).toBeDefined();
    }
  });

  it("documents 202 with Location for actions and problem responses for errors", () => {
    const suspend = document.paths["/v1.0/instances/{instanceId}/suspend"]?.post;
    expect(suspend?.responses["202"]).toMatchObject({ headers: { Location: {} } });
    expect(suspend?.responses["409"]).toEqual({ $ref: "#/components/responses/Problem409" });
    expect(suspend?.responses["422"]).toEqual({ $ref: "#/components/responses/Problem422" });
  });
});

import type { InstanceView } from "../domain/viewSchemas.ts";
import { SerialisedJson } from "./serialisedJson.ts";

/** Renders a view as one body or list item; pure in its two arguments. */
export type ViewRendering = (view: InstanceView, tenantScope: string | undefined) => unknown;

export interface ViewJsonCache {
  /** `JSON.stringify(render(view, tenantScope))`, made once per frozen view, rendering and scope. */
  jsonOf(render: ViewRendering, view: InstanceView, tenantScope: string | undefined): string;
  /** The same, as the `SerialisedJson` kept with it (a whole body: its bytes are kept too). */
  serialisedOf(render: ViewRendering, view: InstanceView, tenantScope: string | undefined): SerialisedJson;
  /**
   * The JSON array of the views so rendered: the cached texts joined, or, when no view is
   * frozen (DynamoDB's), one `JSON.stringify` of them all (cheaper than 100 small ones).
   */
  arrayJsonOf(render: ViewRendering, views: readonly InstanceView[], tenantScope: string | undefined): string;
}

interface Rendered {
  readonly render: ViewRendering;
  readonly tenantScope: string | undefined;
  readonly json: SerialisedJson;
}

/**
 * The JSON of the views the ledger queries hand out again while an instance is unchanged
 * (frozen, identity-stable: `createLedgerInstanceQueries` over the memory store). Keyed by
 * the view object, so a changed instance (a new view) can never meet an old text, and the
 * texts go with their view. A view that is not frozen could change under its key: it is
 * rendered every time. What varies per request (a page's self and next links, its pageSize)
 * is never in a cached text. One cache per API handler (`createApiHandler`), none global.
 */
export function createViewJsonCache(): ViewJsonCache {
  // A handful of entries per view at most: a summary and a resource, unscoped and under its tenant.
  const byView = new WeakMap<InstanceView, Rendered[]>();
  const serialisedOf: ViewJsonCache["serialisedOf"] = (render, view, tenantScope) => {
    if (!Object.isFrozen(view)) return new SerialisedJson(JSON.stringify(render(view, tenantScope)));
    let rendered = byView.get(view);
    if (!rendered) {
      rendered = [];
      byView.set(view, rendered);
    }
    const hit = rendered.find((entry) => entry.render === render && entry.tenantScope === tenantScope);
    if (hit) return hit.json;
    const json = new SerialisedJson(JSON.stringify(render(view, tenantScope)));
    rendered.push({ render, tenantScope, json });
    return json;
  };
  const jsonOf: ViewJsonCache["jsonOf"] = (render, view, tenantScope) =>
    serialisedOf(render, view, tenantScope).text;
  return {
    jsonOf,
    serialisedOf,
    arrayJsonOf(render, views, tenantScope) {
      if (!views.some((view) => Object.isFrozen(view)))
        return JSON.stringify(views.map((view) => render(view, tenantScope)));
      return `[${views.map((view) => jsonOf(render, view, tenantScope)).join(",")}]`;
    },
  };
}

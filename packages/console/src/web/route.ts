import { useEffect, useState } from "preact/hooks";

/** The page, from the URL's fragment: `#/instances?state=ACTIVE`, `#/instances/{id}`, `#/recovery`. */
export interface Route {
  readonly page: "instances" | "instance" | "recovery";
  readonly instanceId?: string;
  readonly query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = "", search = ""] = hash.replace(/^#/, "").split("?");
  const query = new URLSearchParams(search);
  const parts = path.split("/").filter(Boolean);
  if (parts[0] === "recovery") return { page: "recovery", query };
  if (parts[0] === "instances" && parts[1])
    return { page: "instance", instanceId: decodeURIComponent(parts[1]), query };
  return { page: "instances", query };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener("hashchange", onChange);
    return () => removeEventListener("hashchange", onChange);
  }, []);
  return route;
}

export function instancesHref(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return `#/instances${search ? `?${search}` : ""}`;
}

/**
 * Recording stand-ins for the globals SST gives `sst.config.ts` ($config, $app, sst.aws.*,
 * aws.*, $interpolate, $jsonStringify). Every `new X(name, args)` is recorded with its
 * arguments, every method call on a resource too, and outputs are recognisable strings:
 * `.arn` → `arn:stub:<type>:<name>`, `.name` → `name:<name>`, `.url` → `https://stub/<name>`.
 * An unknown data source throws, so a config that starts using one fails here first.
 */
export interface Recorded {
  readonly type: string;
  readonly name: string;
  // biome-ignore lint/suspicious/noExplicitAny: resource arguments are whatever the config passes
  readonly args: any;
  readonly calls: { readonly method: string; readonly args: readonly unknown[] }[];
}

export const STUB_REGION = "eu-west-1";
export const STUB_ACCOUNT = "999988887777";

const DATA_SOURCES: Record<string, (args: unknown) => unknown> = {
  "aws.iam.getPolicyDocumentOutput": (args) => ({ json: JSON.stringify(args) }),
  "aws.getRegionOutput": () => ({ name: STUB_REGION }),
  "aws.getCallerIdentityOutput": () => ({ accountId: STUB_ACCOUNT }),
};

const METHODS = new Set(["subscribe", "addAuthorizer", "route"]);

/**
 * A resource's stub ARN. The bus's is a real-shaped ARN: the API Lambda validates it and
 * derives the consumers' rule ARNs from it (infra/consumerRules.ts).
 */
export function stubArn(record: { type: string; name: string }): string {
  if (record.type === "sst.aws.Bus")
    return `arn:aws:events:${STUB_REGION}:${STUB_ACCOUNT}:event-bus/${record.name}`;
  return `arn:stub:${record.type}:${record.name}`;
}

function output(record: { type: string; name: string }, prop: string): string {
  switch (prop) {
    case "arn":
      return stubArn(record);
    case "streamArn":
      return `arn:stub:${record.type}:${record.name}/stream`;
    case "name":
      return `name:${record.name}`;
    case "url":
      return `https://stub/${record.name}`;
    default:
      return `${prop}:${record.name}`;
  }
}

function instance(record: Recorded): object {
  return new Proxy(
    {},
    {
      get(_target, prop) {
        if (typeof prop !== "string" || prop === "then") return undefined;
        if (METHODS.has(prop))
          return (...args: unknown[]) => {
            record.calls.push({ method: prop, args });
            return instance({
              type: `${record.type}#${prop}`,
              name: `${record.name}#${prop}`,
              args,
              calls: [],
            });
          };
        if (prop === "nodes")
          return new Proxy(
            {},
            {
              get: (_nodes, node) =>
                typeof node === "string"
                  ? instance({
                      type: `${record.type}.${node}`,
                      name: `${record.name}/${node}`,
                      args: {},
                      calls: [],
                    })
                  : undefined,
            },
          );
        return output(record, prop);
      },
    },
  );
}

export function installStandIns(stage: string): { resources: Recorded[]; restore: () => void } {
  const resources: Recorded[] = [];
  const resourceClass = (type: string) =>
    function Resource(name: string, args: unknown) {
      const record: Recorded = { type, name, args: args ?? {}, calls: [] };
      resources.push(record);
      return instance(record);
    };
  const namespace = (path: readonly string[]): object =>
    new Proxy(
      {},
      {
        get(_target, prop) {
          if (typeof prop !== "string" || prop === "then") return undefined;
          const full = [...path, prop].join(".");
          if (/^[A-Z]/.test(prop)) return resourceClass(full);
          if (/^get[A-Z].*Output$/.test(prop)) {
            const source = DATA_SOURCES[full];
            if (!source) throw new Error(`stand-ins: no data source ${full}`);
            return source;
          }
          return namespace([...path, prop]);
        },
      },
    );

  const globals: Record<string, unknown> = {
    $config: (config: unknown) => config,
    $app: { name: "bbws-instance-management", stage },
    $interpolate: (strings: TemplateStringsArray, ...values: unknown[]) =>
      strings.reduce(
        (text, part, index) => text + part + (index < values.length ? String(values[index]) : ""),
        "",
      ),
    $jsonStringify: (value: unknown) => JSON.stringify(value),
    sst: namespace(["sst"]),
    aws: namespace(["aws"]),
  };
  const saved = Object.keys(globals).map(
    (key) => [key, Object.getOwnPropertyDescriptor(globalThis, key)] as const,
  );
  Object.assign(globalThis, globals);
  return {
    resources,
    restore() {
      for (const [key, descriptor] of saved)
        if (descriptor) Object.defineProperty(globalThis, key, descriptor);
        else delete (globalThis as Record<string, unknown>)[key];
    },
  };
}

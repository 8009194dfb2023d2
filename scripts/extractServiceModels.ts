/**
 * `npm run iam:models`: extracts from AWS's own service models (Debian's python3-botocore,
 * Apache-2.0: `apt-get install -y python3-botocore`) the input shapes of every command the IAM
 * mappings know, with their length, range, pattern and enum constraints, into the committed
 * tests/iam/serviceModels.json that tests/iam/validateInput.ts checks recorded inputs against.
 * BBWS_BOTOCORE_DATA overrides the models' directory.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_MAPPINGS } from "../tests/iam/mapping/serviceMappings.ts";
import { MODEL_OF_CLIENT, type ServiceModels, type Shape } from "../tests/iam/serviceModels.ts";

const PACKAGE = "/usr/lib/python3/dist-packages/botocore";
const DATA = process.env.BBWS_BOTOCORE_DATA ?? join(PACKAGE, "data");
const OUT = fileURLToPath(new URL("../tests/iam/serviceModels.json", import.meta.url));
const KEPT = [
  "type",
  "required",
  "members",
  "member",
  "key",
  "value",
  "min",
  "max",
  "pattern",
  "enum",
] as const;

if (!existsSync(DATA)) {
  process.stderr.write(`no botocore models at ${DATA}: apt-get install -y python3-botocore\n`);
  process.exit(2);
}

function model(service: string): {
  operations: Record<string, { input?: { shape: string } }>;
  shapes: Record<string, Shape>;
} {
  const versions = readdirSync(join(DATA, service)).sort();
  return JSON.parse(
    readFileSync(join(DATA, service, versions[versions.length - 1]!, "service-2.json"), "utf8"),
  );
}

/** The shape and every shape it reaches, with only what validation reads. */
function collect(name: string, shapes: Record<string, Shape>, into: Record<string, Shape>): void {
  if (into[name]) return;
  const full = shapes[name];
  if (!full) throw new Error(`shape ${name} missing from the model`);
  const shape = Object.fromEntries(
    KEPT.filter((key) => key in full).map((key) => [key, full[key]]),
  ) as unknown as Shape;
  if (shape.members)
    shape.members = Object.fromEntries(
      Object.entries(shape.members).map(([member, ref]) => [
        member,
        { shape: ref.shape, ...(ref.idempotencyToken ? { idempotencyToken: true } : {}) },
      ]),
    );
  into[name] = shape;
  for (const ref of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value])
    if (ref) collect(ref.shape, shapes, into);
}

const version =
  /__version__ = '([^']+)'/.exec(readFileSync(join(PACKAGE, "__init__.py"), "utf8"))?.[1] ?? "unknown";
const extract: ServiceModels = { botocore: version, clients: {} };
for (const mapping of SERVICE_MAPPINGS) {
  const service = MODEL_OF_CLIENT[mapping.client];
  if (!service) throw new Error(`name the botocore model of ${mapping.client} in tests/iam/serviceModels.ts`);
  const source = model(service);
  const operations: Record<string, string> = {};
  const shapes: Record<string, Shape> = {};
  for (const command of Object.keys(mapping.commands).sort()) {
    const input = source.operations[command]?.input?.shape;
    if (!input) continue; // newer than this botocore: left unchecked (see tests/iam/serviceModels.ts)
    operations[command] = input;
    collect(input, source.shapes, shapes);
  }
  extract.clients[mapping.client] = { service, operations, shapes };
}
writeFileSync(OUT, `${JSON.stringify(extract)}\n`);
process.stdout.write(`iam:models: botocore ${version} -> tests/iam/serviceModels.json\n`);

import { type ServiceModels, type Shape, serviceModels } from "./serviceModels.ts";

/**
 * A recorded command input against AWS's own model of the operation: required members,
 * unknown members, string length, pattern and enum, number range, list and map sizes.
 * Returns what is wrong, each with its path; an operation the model does not know (newer than
 * the extract) is not checked.
 */
export function validateInput(
  client: string,
  command: string,
  input: unknown,
  models: ServiceModels = serviceModels(),
): { checked: boolean; problems: string[] } {
  const service = models.clients[client];
  const shape = service?.operations[command.replace(/Command$/, "")];
  if (!service || !shape) return { checked: false, problems: [] };
  const problems: string[] = [];
  check(input, shape, service.shapes, `${command.replace(/Command$/, "")}:`, problems);
  return { checked: true, problems };
}

const patterns = new Map<string, RegExp | null>();
/** botocore patterns are Java/ECMA regexes, unanchored; one JavaScript cannot compile is left unchecked. */
function compiled(pattern: string): RegExp | null {
  if (!patterns.has(pattern)) {
    let regex: RegExp | null = null;
    for (const flags of ["u", ""])
      try {
        regex = new RegExp(pattern, flags);
        break;
      } catch {}
    patterns.set(pattern, regex);
  }
  return patterns.get(pattern) ?? null;
}

type Problems = string[];
const child = (path: string, member: string) =>
  path.endsWith(":") ? `${path} ${member}` : `${path}.${member}`;

function check(
  value: unknown,
  name: string,
  shapes: Record<string, Shape>,
  path: string,
  problems: Problems,
): void {
  if (value === undefined) return;
  const shape = shapes[name]!;
  const fail = (what: string) => problems.push(`${path} ${what}`);
  if (shape.type === "structure")
    checkStructure(value as Record<string, unknown>, name, shapes, path, problems);
  else if (shape.type === "list") {
    const items = value as unknown[];
    for (const [index, item] of items.entries())
      check(item, shape.member!.shape, shapes, `${path}[${index}]`, problems);
    checkSize(items.length, shape, "items", fail);
  } else if (shape.type === "map") {
    for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
      check(key, shape.key!.shape, shapes, `${path}{key}`, problems);
      check(entry, shape.value!.shape, shapes, child(path, key), problems);
    }
    checkSize(Object.keys(value as object).length, shape, "entries", fail);
  } else if (shape.type === "string") checkString(String(value), shape, fail);
  else if (shape.type === "integer" || shape.type === "long") {
    if (shape.min !== undefined && Number(value) < shape.min)
      fail(`${value} is below the minimum ${shape.min}`);
    if (shape.max !== undefined && Number(value) > shape.max)
      fail(`${value} is above the maximum ${shape.max}`);
  }
}

function checkStructure(
  record: Record<string, unknown>,
  name: string,
  shapes: Record<string, Shape>,
  path: string,
  problems: Problems,
): void {
  const shape = shapes[name]!;
  for (const member of shape.required ?? [])
    if (record[member] === undefined && !shape.members?.[member]?.idempotencyToken)
      problems.push(`${path} ${member} is required`);
  for (const [member, value] of Object.entries(record)) {
    const ref = shape.members?.[member];
    if (!ref) problems.push(`${path} ${member} is not a member of ${name}`);
    else check(value, ref.shape, shapes, child(path, member), problems);
  }
}

function checkSize(size: number, shape: Shape, unit: string, fail: (what: string) => void) {
  if (shape.min !== undefined && size < shape.min) fail(`${size} ${unit}, fewer than ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) fail(`${size} ${unit}, more than ${shape.max}`);
}

function checkString(text: string, shape: Shape, fail: (what: string) => void) {
  if (shape.enum && !shape.enum.includes(text)) fail(`"${text}" is not one of ${shape.enum.join(", ")}`);
  checkSize([...text].length, shape, "characters", fail);
  const regex = shape.pattern ? compiled(shape.pattern) : null;
  if (regex && !regex.test(text)) fail(`"${text.slice(0, 80)}" does not match ${shape.pattern}`);
}

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

function check(
  value: unknown,
  name: string,
  shapes: Record<string, Shape>,
  path: string,
  problems: string[],
): void {
  if (value === undefined) return;
  const shape = shapes[name]!;
  const fail = (what: string) => problems.push(`${path} ${what}`);
  switch (shape.type) {
    case "structure": {
      const record = value as Record<string, unknown>;
      for (const member of shape.required ?? [])
        if (record[member] === undefined && !shape.members?.[member]?.idempotencyToken)
          fail(`${member} is required`);
      for (const [member, child] of Object.entries(record)) {
        const ref = shape.members?.[member];
        if (!ref) fail(`${member} is not a member of ${name}`);
        else
          check(
            child,
            ref.shape,
            shapes,
            path.endsWith(":") ? `${path} ${member}` : `${path}.${member}`,
            problems,
          );
      }
      return;
    }
    case "list":
      return checkList(value as unknown[], shape, shapes, path, problems);
    case "map":
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        check(key, shape.key!.shape, shapes, `${path}{key}`, problems);
        check(child, shape.value!.shape, shapes, `${path}.${key}`, problems);
      }
      return checkSize(Object.keys(value as object).length, shape, "entries", fail);
    case "string":
      return checkString(String(value), shape, fail);
    case "integer":
    case "long":
      if (shape.min !== undefined && Number(value) < shape.min)
        fail(`${value} is below the minimum ${shape.min}`);
      if (shape.max !== undefined && Number(value) > shape.max)
        fail(`${value} is above the maximum ${shape.max}`);
      return;
    default:
      return;
  }
}

function checkList(
  items: unknown[],
  shape: Shape,
  shapes: Record<string, Shape>,
  path: string,
  problems: string[],
) {
  items.forEach((item, index) => check(item, shape.member!.shape, shapes, `${path}[${index}]`, problems));
  checkSize(items.length, shape, "items", (what) => problems.push(`${path} ${what}`));
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

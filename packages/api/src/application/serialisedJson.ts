/**
 * A body already serialised (a page assembled from cached fragments): `jsonResponse` sends
 * its text as it is. `toJSON` keeps `JSON.stringify` of a result holding one correct.
 */
export class SerialisedJson {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** `{"<name>":<array>,...rest}`: an object whose first member is an array already serialised. */
export function objectWithArray(
  name: string,
  arrayJson: string,
  rest: Readonly<Record<string, unknown>>,
): SerialisedJson {
  const others = JSON.stringify(rest).slice(1);
  const separator = others === "}" ? "" : ",";
  return new SerialisedJson(`{${JSON.stringify(name)}:${arrayJson}${separator}${others}`);
}

/**
 * A body already serialised (a page assembled from cached fragments): `jsonResponse` sends
 * its text as it is. `toJSON` keeps `JSON.stringify` of a result holding one correct.
 */
export class SerialisedJson {
  #bytes: Buffer | undefined;

  constructor(readonly text: string) {}

  /**
   * The text as UTF-8, made on first use and kept: a cached answer goes to every socket
   * from the same bytes (the local HTTP adapter writes them; on Lambda nothing asks).
   */
  get bytes(): Buffer {
    this.#bytes ??= Buffer.from(this.text, "utf8");
    return this.#bytes;
  }

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * Where an HTTP response carries the `SerialisedJson` its body text came from. A symbol key:
 * Lambda's runtime serialises a result with `JSON.stringify`, which skips symbol keys, so on
 * AWS the response is exactly its fields; the local adapter writes the prepared bytes instead
 * of encoding the text again (`preparedBytesOf`).
 */
export const PREPARED_BODY: unique symbol = Symbol("bbws.preparedBody");

export interface WithPreparedBody {
  readonly [PREPARED_BODY]?: SerialisedJson;
}

/** The prepared bytes of `body`, if the response carries them for exactly this text. */
export function preparedBytesOf(response: object, body: string): Buffer | undefined {
  const prepared = (response as WithPreparedBody)[PREPARED_BODY];
  return prepared !== undefined && prepared.text === body ? prepared.bytes : undefined;
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

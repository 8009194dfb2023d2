type State = "code" | "'" | '"' | "`" | "line comment" | "block comment";

/** Where the current state can change: everything before it is skipped in one step (rows are long strings). */
const STOPS: Record<Exclude<State, "code">, RegExp> = {
  "'": /['\\]/g,
  '"': /["\\]/g,
  "`": /`/g,
  "line comment": /\n/g,
  "block comment": /\*/g,
};

/**
 * Splits a stream of SQL text into statements at `;` outside quotes and
 * comments, whatever the chunk boundaries: `'...'`/`"..."` with backslash
 * escapes and doubled quotes, `` `...` `` identifiers, `-- `, `#` and
 * `/* *\/` comments. No DELIMITER command (dumpDatabase writes none). A
 * statement of comments only is skipped; the last one needs no `;`.
 */
export async function* splitSqlStatements(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  const splitter = createSplitter();
  for await (const chunk of chunks) yield* splitter.push(chunk, false);
  yield* splitter.push("", true);
}

function createSplitter() {
  let state: State = "code";
  let statement = "";
  let hasCode = false;
  let carry = "";

  /** The statements completed by `chunk`; at the end of input (`final`) also the unterminated rest. */
  function* push(chunk: string, final: boolean): Generator<string> {
    const text = carry + chunk;
    carry = "";
    let from = 0;
    let index = 0;
    while (index < text.length) {
      const step = scan(text, index, final);
      if (step === "more input") {
        carry = text.slice(index);
        break;
      }
      if (step === "end of statement") {
        const done = `${statement}${text.slice(from, index)}`;
        statement = "";
        from = index + 1;
        if (hasCode) yield done.trim();
        hasCode = false;
        index += 1;
        continue;
      }
      index += step;
    }
    statement += text.slice(from, text.length - carry.length);
    if (final && hasCode) yield statement.trim();
    if (final) statement = "";
  }

  /** Reads one token at `at`: how many characters it spans, or why scanning stops there. */
  function scan(text: string, at: number, final: boolean): number | "more input" | "end of statement" {
    if (state !== "code") {
      const stop = STOPS[state];
      stop.lastIndex = at;
      const found = stop.exec(text);
      if (!found) return text.length - at;
      if (found.index > at) return found.index - at;
    }
    const char = text[at];
    const next = at + 1 < text.length ? text[at + 1] : final ? "" : undefined;
    switch (state) {
      case "code":
        if (char === ";") return "end of statement";
        if (char === "'" || char === '"' || char === "`") {
          state = char;
          hasCode = true;
          return 1;
        }
        if (char === "#") {
          state = "line comment";
          return 1;
        }
        if (char === "-" || char === "/") {
          // `--` opens a comment only when followed by whitespace (MariaDB's rule); `/*` always.
          const after = at + 2 < text.length ? text[at + 2] : final ? "" : undefined;
          if (next === undefined || (char === "-" && next === "-" && after === undefined))
            return "more input";
          if (char === "-" && next === "-" && after !== undefined && /^\s$/.test(after)) {
            state = "line comment";
            return 2;
          }
          if (char === "/" && next === "*") {
            state = "block comment";
            return 2;
          }
        }
        if (char !== undefined && char > " ") hasCode = true;
        return 1;
      case "'":
      case '"':
        if (char === "\\") return next === undefined ? "more input" : 2;
        if (char === state) state = "code";
        return 1;
      case "`":
        if (char === "`") state = "code";
        return 1;
      case "line comment":
        if (char === "\n") state = "code";
        return 1;
      case "block comment":
        if (char === "*") {
          if (next === undefined) return "more input";
          if (next === "/") {
            state = "code";
            return 2;
          }
        }
        return 1;
    }
  }

  return { push };
}

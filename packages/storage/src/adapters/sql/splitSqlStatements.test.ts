import { describe, expect, it } from "vitest";
import { splitSqlStatements } from "./splitSqlStatements.ts";

async function split(chunks: string[]): Promise<string[]> {
  const statements: string[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const statement of splitSqlStatements(source())) statements.push(statement);
  return statements;
}

/** Every way of cutting `text` into two chunks, plus one character per chunk. */
function cuts(text: string): string[][] {
  const all = [[text], [...text]];
  for (let at = 1; at < text.length; at += 1) all.push([text.slice(0, at), text.slice(at)]);
  return all;
}

const DUMP = [
  "-- bbws logical dump of `wp_acme`",
  "SET NAMES utf8mb4;",
  "/* a block; comment */ SET TIME_ZONE='+00:00';",
  "# a hash comment; with a semicolon",
  "CREATE TABLE `we``ird;name` (",
  "  `a` TEXT COMMENT 'it''s; fine'",
  ");",
  "INSERT INTO `we``ird;name` (`a`) VALUES ('a;b'),('it\\'s \\\\'),(\"dq;\\\"\"),('--not a comment'),(X'3B');",
  "SELECT 1--1;",
  "SELECT 2 -- trailing; comment",
  ";",
  "-- only a comment;",
  "SELECT 3",
].join("\n");

const EXPECTED = [
  "SET NAMES utf8mb4",
  "/* a block; comment */ SET TIME_ZONE='+00:00'",
  "# a hash comment; with a semicolon\nCREATE TABLE `we``ird;name` (\n  `a` TEXT COMMENT 'it''s; fine'\n)",
  "INSERT INTO `we``ird;name` (`a`) VALUES ('a;b'),('it\\'s \\\\'),(\"dq;\\\"\"),('--not a comment'),(X'3B')",
  "SELECT 1--1",
  "SELECT 2 -- trailing; comment",
  "-- only a comment;\nSELECT 3",
];

describe("splitSqlStatements", () => {
  it("splits at semicolons outside quotes, identifiers and comments; skips comment-only statements", async () => {
    const statements = await split([DUMP]);
    // A comment stays with the statement that follows it (the server ignores it); its `;` ends nothing.
    expect(statements.map((statement) => statement.replace(/^-- bbws[^\n]*\n/, ""))).toEqual(EXPECTED);
  });

  it("gives the same statements wherever the chunks are cut", async () => {
    const expected = await split([DUMP]);
    for (const chunks of cuts(DUMP)) expect(await split(chunks)).toEqual(expected);
  });

  it("yields nothing for an empty dump or one of comments", async () => {
    expect(await split([])).toEqual([]);
    expect(await split(["-- the database did not exist\n"])).toEqual([]);
    expect(await split(["/* nothing */ ; ; \n"])).toEqual([]);
  });
});

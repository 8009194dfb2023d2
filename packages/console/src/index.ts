export { buildConsole, type ConsoleConfig, type ConsoleFile } from "./buildConsole.ts";
export { serveConsoleFile } from "./serveConsoleFile.ts";

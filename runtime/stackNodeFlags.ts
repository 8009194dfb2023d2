/**
 * V8 flags of the node process that runs the local stack (`npm start`, `npm run demo`), and of the
 * benchmarks that measure it (bench:saga, bench:stack): the process is measured as it runs.
 *
 * `--max-semi-space-size=4` (MB): V8's young generation otherwise grows to three 16 MB
 * semi-spaces, and the pages it touched stay resident. The stack's garbage is short-lived (events,
 * SDK requests, journal lines); with the cap the mesh's peak RSS fell by ~40 MB in
 * `npm run bench:saga -- 1000 --durable` (runtime/README.md, "Memory of the stack").
 *
 * package.json's scripts carry these flags; stackNodeFlags.test.ts holds the two together.
 */
export const STACK_NODE_FLAGS = ["--max-semi-space-size=4"] as const;

/** The npm scripts that run the stack's process, each `node <flags> --import tsx <script>`. */
export const STACK_SCRIPTS = ["start", "demo", "bench:saga", "bench:stack"] as const;

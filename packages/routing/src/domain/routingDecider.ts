import { decideRouting } from "./decideRouting.ts";
import { evolveRouting } from "./evolveRouting.ts";
import { INITIAL_ROUTING_STATE } from "./routingState.ts";

/** Routing's decider (the shape `createDeciderHandler` of @bbws/mesh runs), one state per instance. */
export const routingDecider = {
  service: "routing",
  initialState: INITIAL_ROUTING_STATE,
  decide: decideRouting,
  evolve: evolveRouting,
} as const;

import { ServiceError } from "@bbws/contracts";

/** Errors of the routing service; codes are `ROUTING.*`. */
export class RoutingError extends ServiceError {}

import { ServiceError } from "@bbws/contracts";

/** Errors of the identity service; codes are `IDENTITY.*`. */
export class IdentityError extends ServiceError {}

import { ServiceError } from "@bbws/contracts";

/** Errors of the storage service; codes are `STORAGE.*`. */
export class StorageError extends ServiceError {}

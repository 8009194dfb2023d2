import {
  type EcsComputeConfig,
  type EcsComputeDeps,
  fetchHttpGet,
  type HttpGet,
} from "./ecsComputeConfig.ts";

/** What every operation of the ECS adapter works with. */
export interface EcsRuntime {
  readonly deps: EcsComputeDeps;
  readonly config: EcsComputeConfig;
  readonly clock: () => Date;
  readonly httpGet: HttpGet;
}

export function createEcsRuntime(deps: EcsComputeDeps): EcsRuntime {
  return {
    deps,
    config: deps.config,
    clock: deps.clock ?? (() => new Date()),
    httpGet: deps.httpGet ?? fetchHttpGet,
  };
}

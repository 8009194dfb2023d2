import type {
  Archive,
  ComputeOutputs,
  IdentityOutputs,
  InstanceRef,
  RoutingOutputs,
  StorageOutputs,
} from "@bbws/contracts";
import { resourceNames } from "@bbws/contracts";

/** What the in-memory cloud's providers answer: the outputs a real provider would report. */
export function identityOutputs(instance: InstanceRef): IdentityOutputs {
  return {
    userPoolId: `local_${instance.tenantId}`,
    appClientId: `client-${instance.tenantId}`,
    hostedDomain: `bbws-${instance.tenantId}-${instance.environment}.auth.local`,
    clientSecretRef: `local-secret:${instance.tenantId}/sso`,
  };
}

export function storageOutputs(instance: InstanceRef): StorageOutputs {
  const names = resourceNames(instance.tenantId, instance.environment);
  return {
    accessPointId: names.accessPoint,
    rootDirectory: names.contentRoot,
    posixUid: 20001,
    posixGid: 20001,
    databaseHost: "127.0.0.1",
    databasePort: 3306,
    databaseName: names.databaseName,
    databaseUser: names.databaseUser,
    credentialsSecretRef: `local-secret:${instance.tenantId}/db`,
  };
}

export function routingOutputs(instance: InstanceRef): RoutingOutputs {
  const names = resourceNames(instance.tenantId, instance.environment);
  return {
    targetGroupRef: names.targetGroup,
    listenerRuleRef: `rule-${instance.tenantId}`,
    hostname: `${instance.tenantId}.localhost`,
    url: `http://${instance.tenantId}.localhost/`,
  };
}

export function computeOutputs(instance: InstanceRef, desiredCount: number): ComputeOutputs {
  const names = resourceNames(instance.tenantId, instance.environment);
  return { serviceRef: names.ecsService, taskDefinitionRef: `${names.taskDefinitionFamily}:1`, desiredCount };
}

export function archiveOf(instance: InstanceRef): Archive {
  return { location: `file:///archive/${instance.instanceId}.tar.gz`, sha256: "c".repeat(64), sizeBytes: 1 };
}

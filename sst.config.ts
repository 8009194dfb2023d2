/// <reference path="./.sst/platform/config.d.ts" />

/**
 * AWS deployment of the control plane, for the environment BBWS_ENVIRONMENT (docs/deploy.md).
 * The pieces live in infra/: the wiring table (functions.ts), THE IAM table (iamTable.ts),
 * the deploy-time configuration (deployConfig.ts); this file only puts them together.
 * SST evaluates `run()` with its globals; imports must be dynamic, inside it.
 */
export default $config({
  app(input) {
    return {
      name: "bbws-instance-management",
      home: "aws",
      removal: input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "prod",
      providers: { aws: { defaultTags: { tags: { "bbws:managedBy": "bbws-instance-management" } } } },
    };
  },
  async run() {
    const { loadDeployConfig } = await import("./infra/deployConfig.ts");
    const { lambdaEnvironment } = await import("./infra/functions.ts");
    const { createAlbPoolItem, createData } = await import("./infra/data.ts");
    const { createBusAndQueues, subscribeConsumers } = await import("./infra/mesh.ts");
    const { createRoles } = await import("./infra/roles.ts");
    const {
      createCredentialRotationSchedule,
      createOrphanScanSchedule,
      createOutboxDlq,
      createOutboxRelay,
      createStuckSweeper,
    } = await import("./infra/ledger.ts");
    const { createApi } = await import("./infra/api.ts");
    const { createConsole } = await import("./infra/console.ts");
    const { createAlerts } = await import("./infra/alerts.ts");
    const { allowRulesToDeadLetter } = await import("./infra/busTargets.ts");
    const {
      createEcsEventsQueue,
      createHealthSweepSchedule,
      createStorageDriftFunction,
      subscribeEcsEvents,
    } = await import("./infra/health.ts");

    const config = loadDeployConfig(process.env, $app.stage);
    const data = createData();
    createAlbPoolItem({ albPool: config.infra.albPool, slotTable: data.slotTable });
    const { bus, archive, queues, deadLetterQueues, targetsDlq, rules } = createBusAndQueues(config);
    const outboxDlq = createOutboxDlq();
    const ecsEvents = createEcsEventsQueue();
    const roles = createRoles(config, {
      bus: bus.arn,
      queues: {
        identity: queues.identity.arn,
        storage: queues.storage.arn,
        routing: queues.routing.arn,
        compute: queues.compute.arn,
        ledger: queues.ledger.arn,
      },
      recordsTable: data.recordsTable.arn,
      slotTable: data.slotTable.arn,
      ledgerTable: data.ledgerTable.arn,
      ledgerStream: data.ledgerTable.streamArn,
      idempotencyTable: data.idempotencyTable.arn,
      archiveBucket: data.archives.arn,
      outboxPipeDlq: outboxDlq.arn,
      busArchive: archive.arn,
      deadLetterQueues: {
        identity: deadLetterQueues.identity.arn,
        storage: deadLetterQueues.storage.arn,
        routing: deadLetterQueues.routing.arn,
        compute: deadLetterQueues.compute.arn,
        ledger: deadLetterQueues.ledger.arn,
        ecsEvents: ecsEvents.dlq.arn,
      },
      ecsEventsQueue: ecsEvents.queue.arn,
    });
    const names = {
      busName: bus.name,
      recordsTable: data.recordsTable.name,
      slotTable: data.slotTable.name,
      ledgerTable: data.ledgerTable.name,
      idempotencyTable: data.idempotencyTable.name,
      archiveBucket: data.archives.name,
    };

    subscribeConsumers({
      config,
      queues,
      roles,
      environmentOf: (consumer) => lambdaEnvironment(consumer, config, names),
    });
    createOutboxRelay({
      config,
      ledgerTable: data.ledgerTable,
      relayRole: roles.outboxRelay,
      pipeRole: roles.outboxPipe,
      dlq: outboxDlq,
      environment: lambdaEnvironment("outboxRelay", config, names),
    });
    createStuckSweeper({
      config,
      role: roles.stuckSweeper,
      environment: lambdaEnvironment("stuckSweeper", config, names),
    });
    createCredentialRotationSchedule({
      config,
      role: roles.credentialRotation,
      environment: lambdaEnvironment("credentialRotation", config, names),
    });
    createOrphanScanSchedule({
      config,
      role: roles.orphanScan,
      environment: lambdaEnvironment("orphanScan", config, names),
    });
    const ecsRule = subscribeEcsEvents({
      config,
      queue: ecsEvents.queue,
      targetsDlq,
      role: roles.ecsEvents,
      environment: lambdaEnvironment("ecsEvents", config, names),
    });
    createHealthSweepSchedule({
      config,
      role: roles.healthSweep,
      environment: lambdaEnvironment("healthSweep", config, names),
    });
    createStorageDriftFunction({
      config,
      role: roles.storageDrift,
      environment: lambdaEnvironment("storageDrift", config, names),
    });
    const { api } = createApi({
      config,
      role: roles.api,
      environment: lambdaEnvironment("api", config, names),
      operations: {
        busName: bus.name,
        busArn: bus.arn,
        archiveArn: archive.arn,
        deadLetterQueues: {
          identity: { url: deadLetterQueues.identity.url, arn: deadLetterQueues.identity.arn },
          storage: { url: deadLetterQueues.storage.url, arn: deadLetterQueues.storage.arn },
          routing: { url: deadLetterQueues.routing.url, arn: deadLetterQueues.routing.arn },
          compute: { url: deadLetterQueues.compute.url, arn: deadLetterQueues.compute.arn },
          ledger: { url: deadLetterQueues.ledger.url, arn: deadLetterQueues.ledger.arn },
          ecsEvents: { url: ecsEvents.dlq.url, arn: ecsEvents.dlq.arn },
        },
      },
    });
    const operatorConsole = createConsole({ config, apiUrl: api.url });
    const alerts = createAlerts({
      config,
      bus,
      deadLetterQueues: {
        Identity: deadLetterQueues.identity,
        Storage: deadLetterQueues.storage,
        Routing: deadLetterQueues.routing,
        Compute: deadLetterQueues.compute,
        Ledger: deadLetterQueues.ledger,
        OutboxPipe: outboxDlq,
        BusTargets: targetsDlq,
        EcsEvents: ecsEvents.dlq,
      },
    });
    allowRulesToDeadLetter(targetsDlq, [...rules, ecsRule, alerts.stuckRule]);

    // What operators need afterwards: docs/deploy.md (replay, redrive, smoke test).
    return {
      environment: config.environment,
      api: api.url,
      ...(operatorConsole ? { console: operatorConsole.url } : {}),
      bus: bus.name,
      busArchive: archive.arn,
      ledgerTable: data.ledgerTable.name,
      alerts: alerts.topic.arn,
      deadLetterQueues: {
        ...Object.fromEntries(Object.entries(deadLetterQueues).map(([name, dlq]) => [name, dlq.url])),
        outboxPipe: outboxDlq.url,
        busTargets: targetsDlq.url,
        ecsEvents: ecsEvents.dlq.url,
      },
    };
  },
});

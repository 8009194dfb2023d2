import { describe, expect, it } from "vitest";
import { DEPLOY_ENV } from "./deployFixture.ts";
import { deployedFunctions, evaluateSstConfig, ofType } from "./evaluateSstConfig.ts";

/** AWS: "The total size of all environment variables doesn't exceed 4 KB" per function (keys and values). */
const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4 * 1024;
const ALBS = 50;

const environmentBytes = (environment: Record<string, string>) =>
  Object.entries(environment).reduce(
    (total, [key, value]) => total + Buffer.byteLength(key) + Buffer.byteLength(String(value)),
    0,
  );

/** The fixture's shared infrastructure with a pool of `count` ALBs (real-length ARNs). */
function withAlbs(count: number): Record<string, string> {
  const infra = JSON.parse(DEPLOY_ENV.BBWS_SHARED_INFRA ?? "{}");
  infra.albPool = Array.from({ length: count }, (_, index) => {
    const id = `${(0x50dc6c495c0c9188n + BigInt(index)).toString(16)}`;
    return {
      loadBalancerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/bbws-${index + 1}/${id}`,
      listenerArn: `arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/bbws-${index + 1}/${id}/f2f7dc8efc522ab2`,
    };
  });
  return { ...DEPLOY_ENV, BBWS_SHARED_INFRA: JSON.stringify(infra) };
}

describe(`Lambda environments with ${ALBS} ALBs`, () => {
  it("every function's variables stay under Lambda's 4 KB", async () => {
    const { resources } = await evaluateSstConfig("dev", withAlbs(ALBS));
    const sizes = deployedFunctions(resources).map((fn) => ({
      id: fn.spec.id,
      bytes: environmentBytes(fn.args.environment),
    }));
    expect(sizes.length).toBeGreaterThanOrEqual(9);
    const over = sizes.filter((size) => size.bytes >= LAMBDA_ENVIRONMENT_LIMIT_BYTES);
    expect(over, `over 4 KB: ${JSON.stringify(sizes)}`).toEqual([]);
  });

  it("the pool goes to the slot table item instead, whole", async () => {
    const { resources } = await evaluateSstConfig("dev", withAlbs(ALBS));
    const [item, ...others] = ofType(resources, "aws.dynamodb.TableItem");
    expect(others).toHaveLength(0);
    expect(item?.args.tableName).toBe("name:RuleSlotTable");
    const stored = JSON.parse(JSON.parse(item?.args.item).pool.S);
    expect(stored).toHaveLength(ALBS);
    expect(JSON.stringify(stored).length).toBeGreaterThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
  });
});

/**
 * The key pair the local EventBridge endpoint knows. Clients sign with it exactly as they sign for
 * AWS (SigV4); the endpoint verifies the signature. Not a secret: it only opens the local stack.
 *
 *   AWS_ACCESS_KEY_ID=bbwslocal AWS_SECRET_ACCESS_KEY=bbwslocalsecret AWS_REGION=eu-west-1
 */
export const LOCAL_EVENTS_CREDENTIALS = {
  accessKeyId: "bbwslocal",
  secretAccessKey: "bbwslocalsecret",
} as const;

/** The local bus's name: the EventBusName of every entry put on it. */
export const LOCAL_BUS_NAME = "bbws-local";

/** The local bus as EventBridge names it (account and region are the local bus's). */
export interface BusDescriptor {
  readonly name: string;
  readonly account: string;
  readonly region: string;
  /** Epoch ms; DescribeEventBus answers it as CreationTime. */
  readonly createdAt: number;
}

export function busArn(bus: BusDescriptor): string {
  return `arn:aws:events:${bus.region}:${bus.account}:event-bus/${bus.name}`;
}

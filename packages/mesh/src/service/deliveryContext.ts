/** What a consumer knows about the delivery of the message it handles. */
export interface DeliveryContext {
  /** SQS ApproximateReceiveCount: 1 on the first delivery. */
  readonly receiveCount: number;
}

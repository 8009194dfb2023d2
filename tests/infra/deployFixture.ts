/** A complete deploy-time configuration (the BBWS_* variables of docs/deploy.md) for the dev stage. */
export const DEV_ACCOUNT = { accountId: "111122223333", region: "eu-west-1" } as const;

export const TENANT_MANAGEMENT_ACCOUNT = "777788889999";

export const DEPLOY_ENV: Readonly<Record<string, string>> = {
  BBWS_ACCOUNTS: JSON.stringify({
    dev: { ...DEV_ACCOUNT, roleArn: "arn:aws:iam::111122223333:role/bbws-workload" },
    sit: {
      accountId: "444455556666",
      region: "eu-west-1",
      roleArn: "arn:aws:iam::444455556666:role/bbws-workload",
    },
  }),
  BBWS_SHARED_INFRA: JSON.stringify({
    vpcId: "vpc-0a1b2c3d4e5f60718",
    tasks: { privateSubnetIds: ["subnet-0aaa1111", "subnet-0bbb2222"], securityGroupIds: ["sg-0ccc3333"] },
    ecsClusterName: "bbws-dev",
    albSecurityGroupIds: ["sg-0fff6666"],
    efsFileSystemId: "fs-0123456789abcdef0",
    efsRootAccessPointArn:
      "arn:aws:elasticfilesystem:eu-west-1:111122223333:access-point/fsap-0123456789abcdef0",
    rds: {
      endpoint: "bbws-dev.cluster-abc.eu-west-1.rds.amazonaws.com",
      masterSecretArn: "arn:aws:secretsmanager:eu-west-1:111122223333:secret:rds-master-AbCdEf",
    },
    albPool: [
      {
        loadBalancerArn:
          "arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/bbws-1/50dc6c495c0c9188",
        listenerArn:
          "arn:aws:elasticloadbalancing:eu-west-1:111122223333:listener/app/bbws-1/50dc6c495c0c9188/f2f7dc8efc522ab2",
      },
    ],
    baseDomain: "sites.example.com",
    hostedZoneId: "Z0123456789ABCDEFGHIJ",
    storageLambda: { privateSubnetIds: ["subnet-0ddd4444"], securityGroupIds: ["sg-0eee5555"] },
  }),
  BBWS_OPERATORS_POOL: JSON.stringify({ userPoolId: "eu-west-1_AbCdEf123", clientIds: ["operators-portal"] }),
  BBWS_ALERT_EMAIL: "ops@example.com",
  BBWS_TENANT_MANAGEMENT_ACCOUNT_ID: TENANT_MANAGEMENT_ACCOUNT,
};

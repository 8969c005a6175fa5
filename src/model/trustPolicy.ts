/**
 * The IAM trust policy a Restate Cloud user attaches to the role Restate assumes before calling
 * their Lambda (role chaining). Restate Cloud clusters run as this principal unless the data
 * source says otherwise, and always pass the cluster name as `sts:ExternalId`, so only this
 * user's cluster can assume the role (Restate Cloud documentation, "Giving permission for your
 * cluster to invoke your Lambdas").
 */
export const DEFAULT_AWS_PRINCIPAL = 'arn:aws:iam::663487780041:role/restate-dev';

export function trustPolicy(principal: string | undefined, clusterName: string | undefined): string {
  const policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principal?.trim() || DEFAULT_AWS_PRINCIPAL },
        Action: ['sts:AssumeRole', 'sts:TagSession'],
        Condition: { StringEquals: { 'sts:ExternalId': [clusterName?.trim() || '<your cluster name>'] } },
      },
    ],
  };
  return JSON.stringify(policy, null, 2);
}

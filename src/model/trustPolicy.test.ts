import { trustPolicy, DEFAULT_AWS_PRINCIPAL } from './trustPolicy';

describe('trustPolicy', () => {
  it('uses the data source principal and the cluster name as external id, with defaults', () => {
    const p = JSON.parse(trustPolicy('arn:aws:iam::111111111111:role/x', 'my-cluster'));
    expect(p.Statement[0].Principal.AWS).toBe('arn:aws:iam::111111111111:role/x');
    expect(p.Statement[0].Condition.StringEquals['sts:ExternalId']).toEqual(['my-cluster']);
    expect(JSON.parse(trustPolicy(undefined, 'c')).Statement[0].Principal.AWS).toBe(DEFAULT_AWS_PRINCIPAL);
  });
});

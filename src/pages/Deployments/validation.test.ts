import { headersOf, validateHeaders, validateLambdaArn, validateRoleArn, validateUri } from './validation';

describe('validateUri', () => {
  it.each([
    ['http://127.0.0.1:9080', undefined],
    ['https://my-service.example.com/restate', undefined],
  ])('accepts %s', (uri, expected) => expect(validateUri(uri)).toBe(expected));

  it.each([
    ['', /Enter the URI/],
    ['localhost:9080', /Add the scheme: http:\/\/localhost:9080/],
    ['ftp://host', /use http:\/\/ or https:\/\//],
    ['http://user:pw@host', /credentials/],
    ['http://my host', /spaces/],
    ['http://', /not a valid URI|host/],
  ])('rejects %j with advice', (uri, message) => expect(validateUri(uri)).toMatch(message));
});

describe('validateLambdaArn', () => {
  it.each([
    'arn:aws:lambda:eu-central-1:123456789012:function:my-greeter:1',
    'arn:aws:lambda:us-east-1:123456789012:function:my_greeter:prod',
    'arn:aws:lambda:us-east-1:123456789012:function:g:$LATEST',
  ])('accepts %s', (arn) => expect(validateLambdaArn(arn)).toBeUndefined());

  it.each([
    ['', /Enter the Lambda function ARN/],
    ['my-greeter', /starts with "arn:aws:lambda:"/],
    ['arn:aws:s3:::bucket', /ARN of the "s3" service/],
    ['arn:aws:lambda:europe:123456789012:function:f:1', /not an AWS region/],
    ['arn:aws:lambda:eu-central-1:1234:function:f:1', /12-digit AWS account id/],
    ['arn:aws:lambda:eu-central-1:123456789012:layer:f:1', /must name a function/],
    ['arn:aws:lambda:eu-central-1:123456789012:function:f', /Add a version or alias .*:\$LATEST/],
    ['arn:aws:lambda:eu-central-1:123456789012:function:f g:1', /function name may only contain/],
  ])('rejects %j with advice', (arn, message) => expect(validateLambdaArn(arn)).toMatch(message));
});

describe('validateRoleArn', () => {
  it('is optional and accepts role ARNs with paths', () => {
    expect(validateRoleArn('')).toBeUndefined();
    expect(validateRoleArn('arn:aws:iam::123456789012:role/restate/invoker')).toBeUndefined();
  });
  it('rejects session ARNs and other shapes', () => {
    expect(validateRoleArn('arn:aws:sts::123456789012:assumed-role/r/s')).toMatch(/IAM role ARN instead/);
    expect(validateRoleArn('arn:aws:iam::123456789012:user/bob')).toMatch(/arn:aws:iam::<12-digit account>:role/);
  });
});

describe('validateHeaders', () => {
  it('checks names are RFC 7230 tokens, unique ignoring case, and ignores empty rows', () => {
    const errors = validateHeaders([
      { id: 1, name: 'x-api-key', value: 'a' },
      { id: 2, name: 'X-API-Key', value: 'b' },
      { id: 3, name: 'bad name', value: 'c' },
      { id: 4, name: '', value: 'd' },
      { id: 5, name: '', value: '' },
      { id: 6, name: 'x-multi', value: 'a\nb' },
    ]);
    expect(Object.keys(errors).map(Number)).toEqual([2, 3, 4, 6]);
    expect(errors[2].name).toMatch(/already set above/);
    expect(errors[3].name).toMatch(/“space” is not allowed/);
    expect(errors[4].name).toMatch(/Enter a header name/);
    expect(errors[6].value).toMatch(/single line/);
  });
  it('builds the header map without empty rows', () => {
    expect(
      headersOf([
        { id: 1, name: ' x-a ', value: 'v' },
        { id: 2, name: '', value: '' },
      ])
    ).toEqual({ 'x-a': 'v' });
  });
});

// Issue #19 item 2: the bad input a user types into the app's forms, each case with the words that say how to fix
// it. One table across the checkers the forms use before anything is sent (the forms' own tests prove that nothing
// is sent while a checker objects, and that what was typed stays: RegisterForm, UpdateAndRemove, ConfigEditor,
// ServiceSettingsEditor, ObservabilitySetup, AlertRulesSetup, the state and invoke pages).
import { checkAwsPrincipal, checkBaseUrl, checkLogSelector, checkTimeout, checkToken } from '../model/validation';
import { validateHeaders, validateLambdaArn, validateRoleArn, validateUri } from '../pages/Deployments/validation';
import { validateDuration } from '../pages/Services/duration';

const header = (name: string, value = 'v') => {
  const errors = validateHeaders([{ id: 1, name, value }] as never)[1];
  return errors?.name ?? errors?.value;
};

const CASES: Array<[what: string, input: string, check: (s: string) => string | undefined, fix: RegExp]> = [
  // data source URLs
  [
    'admin URL without a scheme',
    'localhost:9070',
    (s) => checkBaseUrl(s, 'admin').error,
    /Add http:\/\/ or https:\/\/ in front, e\.g\. http:\/\/localhost:9070/,
  ],
  ['admin URL with ftp', 'ftp://x:9070', (s) => checkBaseUrl(s, 'admin').error, /Use http:\/\/ or https:\/\//],
  [
    'admin URL with one slash',
    'http:/cluster:9070',
    (s) => checkBaseUrl(s, 'admin').error,
    /Write two slashes after http:, e\.g\. http:\/\/cluster:9070/,
  ],
  [
    'admin URL with javascript:',
    'javascript:alert(1)',
    (s) => checkBaseUrl(s, 'admin').error,
    /javascript: is not supported/,
  ],
  ['admin URL without a host', 'http://', (s) => checkBaseUrl(s, 'admin').error, /Add the host name/],
  [
    'admin URL with a space in the host',
    'http://exa mple.com',
    (s) => checkBaseUrl(s, 'admin').error,
    /not a valid host; check for typos/,
  ],
  [
    'admin URL with port 99999',
    'http://x:99999',
    (s) => checkBaseUrl(s, 'admin').error,
    /port must be a number from 1 to 65535/,
  ],
  [
    'admin URL with port 0',
    'http://x:0',
    (s) => checkBaseUrl(s, 'admin').error,
    /port must be a number from 1 to 65535/,
  ],
  [
    'admin URL with credentials',
    'http://user:pw@x:9070',
    (s) => checkBaseUrl(s, 'admin').error,
    /put the API key or JWT in "Bearer token"/,
  ],
  ['admin URL with a path', 'http://x:9070/query', (s) => checkBaseUrl(s, 'admin').error, /Remove '\/query'/],
  ['admin URL with /admin/', 'http://x:9070/admin/', (s) => checkBaseUrl(s, 'admin').error, /Remove '\/admin\/'/],
  ['admin URL with a query', 'http://x:9070?a=1', (s) => checkBaseUrl(s, 'admin').error, /Remove '\?a=1'/],
  ['admin URL with a fragment', 'http://x:9070#f', (s) => checkBaseUrl(s, 'admin').error, /Remove '#f'/],
  [
    'ingress URL with a path',
    'https://x:8080/greeter',
    (s) => checkBaseUrl(s, 'ingress').error,
    /the ingress URL is the server root/,
  ],
  // tokens
  ['token with a trailing newline', 'eyJ.a.b\n', checkToken, /Remove the spaces or line breaks before or after/],
  ['token with a leading space', ' eyJ.a.b', checkToken, /Remove the spaces or line breaks before or after/],
  ['token with a line break inside', 'eyJ.a\n.b', checkToken, /line break in it: copy it again as one line/],
  ['token pasted with Bearer', 'Bearer eyJ.a.b', checkToken, /Leave out "Bearer ": Grafana adds it/],
  ['token with a space inside', 'eyJ.a .b', checkToken, /has a space in it/],
  ['token with a curly quote', 'eyJ\u201c.a.b', checkToken, /curly quote or an invisible character/],
  ['token with a zero-width space', 'eyJ.a.b\u200b', checkToken, /invisible character/],
  ['token of only whitespace', ' \n ', checkToken, /only spaces or line breaks/],
  // request timeout (seconds)
  ['timeout of 0 s', '0', (s) => checkTimeout(Number(s)), /whole seconds from 1 to 600/],
  ['timeout of 1.5 s', '1.5', (s) => checkTimeout(Number(s)), /whole seconds from 1 to 600/],
  ['timeout of an hour', '3600', (s) => checkTimeout(Number(s)), /or leave it empty for 60/],
  // deployment URIs
  ['deployment URI without a scheme', 'localhost:9080', validateUri, /Add the scheme: http:\/\/localhost:9080/],
  [
    'deployment URI with ftp',
    'ftp://svc',
    validateUri,
    /use http:\/\/ or https:\/\/, not ftp:\/\/. For AWS Lambda choose "Lambda"/,
  ],
  [
    'deployment URI with a space',
    'http://svc:9080/ path',
    validateUri,
    /remove them \(encode a space in a path as %20\)/,
  ],
  [
    'deployment URI with port 70000',
    'http://svc:70000',
    validateUri,
    /Use the form http\(s\):\/\/host\[:port\]\[\/path\]/,
  ],
  ['deployment URI with credentials', 'http://user:pw@svc:9080', validateUri, /add them as an extra header/],
  ['empty deployment URI', ' ', validateUri, /Enter the URI of the service endpoint, for example/],
  // Lambda ARNs
  [
    'Lambda ARN without a version',
    'arn:aws:lambda:eu-central-1:123456789012:function:f',
    validateLambdaArn,
    /Add a version or alias after the function name/,
  ],
  [
    'Lambda ARN with a short account',
    'arn:aws:lambda:eu-central-1:12345:function:f:1',
    validateLambdaArn,
    /12-digit AWS account id/,
  ],
  [
    'Lambda ARN with a bad region',
    'arn:aws:lambda:xx:123456789012:function:f:1',
    validateLambdaArn,
    /"xx" is not an AWS region/,
  ],
  [
    'S3 ARN for a Lambda',
    'arn:aws:s3:::bucket',
    validateLambdaArn,
    /ARN of the "s3" service; enter the ARN of a Lambda function/,
  ],
  ['function name for an ARN', 'f:1', validateLambdaArn, /Copy it from the function page of the AWS console/],
  ['empty Lambda ARN', '', validateLambdaArn, /Enter the Lambda function ARN, for example/],
  [
    'role ARN with a short account',
    'arn:aws:iam::123:role/r',
    validateRoleArn,
    /arn:aws:iam::<12-digit account>:role\/<role name>/,
  ],
  ['user ARN for a role', 'arn:aws:iam::123456789012:user/u', validateRoleArn, /Enter an IAM role ARN/],
  ['role name for a role ARN', 'role/r', validateRoleArn, /as shown on the role page of the AWS console/],
  [
    'AWS principal as a name',
    'restate-dev',
    (s) => checkAwsPrincipal(s, 'arn:aws:iam::663487780041:role/restate-dev'),
    /Enter an IAM role ARN, e\.g\./,
  ],
  // header names and values
  ['header name with a space', 'x api key', header, /“space” is not allowed in a header name/],
  ['header name with a colon', 'x:api', header, /“:” is not allowed/],
  ['header name with a non-ASCII letter', 'x-clé', header, /“é” is not allowed/],
  [
    'header value with CR LF (injection)',
    'a\r\nInjected: 1',
    (v) => header('x-api-key', v),
    /single line; remove line breaks/,
  ],
  ['header value with LF', 'a\nb', (v) => header('x-api-key', v), /single line/],
  ['header value with NUL', 'a\0b', (v) => header('x-api-key', v), /single line/],
  ['a value without a name', 'secret', (v) => header('', v), /Enter a header name for this value, or remove the row/],
  ['reserved header host', 'host', header, /set by Restate and HTTP on every request/],
  ['reserved header Content-Length', 'Content-Length', header, /cannot be an extra header/],
  ['reserved header transfer-encoding', 'transfer-encoding', header, /cannot be an extra header/],
  ['reserved header connection', 'connection', header, /cannot be an extra header/],
  ['reserved header content-type', 'content-type', header, /cannot be an extra header/],
  ["Restate's own header", 'x-restate-id', header, /belong to Restate's protocol; choose another name/],
  // durations (service settings)
  ['duration without a unit', '10', validateDuration, /Add a unit after 10, for example 10s or 10m/],
  ['negative duration', '-1s', validateDuration, /cannot be negative/],
  ['duration as words', 'abc', validateDuration, /starts with a number, for example 30s/],
  ['empty duration', '', validateDuration, /Enter a duration\. Examples: 30s/],
  ['duration in months', '2 months', validateDuration, /no months or years|month/i],
  // log selectors
  [
    'selector without braces',
    'app="x"',
    (s) => checkLogSelector(s, '{a="b"}'),
    /Write a LogQL stream selector in braces/,
  ],
  ['empty selector', '{}', (s) => checkLogSelector(s, '{a="b"}'), /Add at least one label matcher/],
  ['selector with an unquoted value', '{app=x}', (s) => checkLogSelector(s, '{a="b"}'), /write label="value"/],
  ['unclosed selector', '{app="x"', (s) => checkLogSelector(s, '{a="b"}'), /Close the selector with '}'/],
];

describe('bad input: each case says how to fix it', () => {
  it(`has at least 60 cases (${CASES.length})`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)('%s: %j', (_what, input, check, fix) => {
    expect(check(input)).toMatch(fix);
  });

  it('accepts the good inputs next to them', () => {
    expect(checkBaseUrl('  https://x.restate.cloud:9070/ ', 'admin')).toEqual({
      value: 'https://x.restate.cloud:9070',
    });
    expect(checkToken('eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl')).toBeUndefined();
    expect(validateUri('http://svc:9080')).toBeUndefined();
    expect(validateLambdaArn('arn:aws:lambda:eu-central-1:123456789012:function:f:$LATEST')).toBeUndefined();
    expect(header('x-api-key', 'abc')).toBeUndefined();
    expect(header('authorization', 'Bearer abc')).toBeUndefined();
    expect(validateDuration('1h 30m')).toBeUndefined();
  });
});

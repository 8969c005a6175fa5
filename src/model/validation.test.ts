import { checkAwsPrincipal, checkBaseUrl, checkLogSelector, requiredMessage, sameEndpointWarning } from './validation';

const SELECTOR = '{kubernetes_container_name="restate"}';
const PRINCIPAL = 'arn:aws:iam::663487780041:role/restate-dev';

describe('checkBaseUrl', () => {
  it('accepts a server root and normalises it: trims, lower-cases the scheme, drops a trailing slash silently', () => {
    expect(checkBaseUrl('  HTTPS://Cluster.restate.cloud:9070/ ', 'admin')).toEqual({
      value: 'https://Cluster.restate.cloud:9070',
    });
    expect(checkBaseUrl('http://localhost:9070', 'admin')).toEqual({ value: 'http://localhost:9070' });
    expect(checkBaseUrl('http://[::1]:8080', 'ingress')).toEqual({ value: 'http://[::1]:8080' });
    expect(checkBaseUrl('https://restate.internal', 'admin')).toEqual({ value: 'https://restate.internal' });
  });

  it('empty is not an error here (the caller decides if it is required)', () => {
    expect(checkBaseUrl('  ', 'admin')).toEqual({ value: '' });
    expect(requiredMessage('admin')).toMatch(/9070/);
    expect(requiredMessage('ingress')).toMatch(/8080/);
  });

  it('missing scheme: add http:// or https://, suggesting the full URL', () => {
    expect(checkBaseUrl('localhost:9070', 'admin').error).toBe(
      'Add http:// or https:// in front, e.g. http://localhost:9070.'
    );
    expect(checkBaseUrl('cluster.restate.cloud:9070', 'admin').error).toBe(
      'Add http:// or https:// in front, e.g. https://cluster.restate.cloud:9070.'
    );
  });

  it('unsupported scheme', () => {
    expect(checkBaseUrl('ftp://host:9070', 'admin').error).toBe('Use http:// or https:// (ftp:// is not supported).');
  });

  it('no host', () => {
    expect(checkBaseUrl('http://', 'admin').error).toBe('Add the host name after http://, e.g. http://localhost:9070.');
    expect(checkBaseUrl('https:///query', 'ingress').error).toMatch(/^Add the host name after https:\/\//);
  });

  it('bad port', () => {
    expect(checkBaseUrl('http://localhost:99999', 'admin').error).toBe(
      "The port must be a number from 1 to 65535 (found '99999'), e.g. http://localhost:9070."
    );
    expect(checkBaseUrl('http://localhost:abc', 'admin').error).toMatch(/found 'abc'/);
    expect(checkBaseUrl('http://localhost:', 'admin').error).toMatch(/found ''/);
  });

  it('trailing path or query: remove it, the URL is the server root', () => {
    expect(checkBaseUrl('http://localhost:9070/foo', 'admin').error).toBe(
      "Remove '/foo': the admin URL is the server root, e.g. https://cluster.restate.cloud:9070."
    );
    expect(checkBaseUrl('http://localhost:8080/?x=1', 'ingress').error).toBe(
      "Remove '/?x=1': the ingress URL is the server root, e.g. https://cluster.restate.cloud:8080."
    );
    expect(checkBaseUrl('http://localhost:9070/query/', 'admin').error).toMatch(/^Remove '\/query\/'/);
  });

  it('credentials in the URL belong in the token', () => {
    expect(checkBaseUrl('https://user:secret@host:9070', 'admin').error).toMatch(
      /Remove the user name and password.*Bearer token/
    );
  });

  it('a host the URL parser rejects', () => {
    expect(checkBaseUrl('http://bad host:9070', 'admin').error).toMatch(/'bad host:9070' is not a valid host/);
  });
});

describe('sameEndpointWarning', () => {
  it('warns when ingress and admin share host and port (default ports included)', () => {
    expect(sameEndpointWarning('http://localhost:9070', 'http://LOCALHOST:9070/')).toMatch(
      /same host and port as the admin API \(localhost:9070\)/
    );
    expect(sameEndpointWarning('https://r.example', 'https://r.example:443')).toMatch(/r\.example:443/);
  });
  it('is quiet for different ports, empty or invalid URLs', () => {
    expect(sameEndpointWarning('http://localhost:9070', 'http://localhost:8080')).toBeUndefined();
    expect(sameEndpointWarning('http://localhost:9070', '')).toBeUndefined();
    expect(sameEndpointWarning('localhost:9070', 'localhost:9070')).toBeUndefined();
  });
});

describe('checkLogSelector', () => {
  it('accepts LogQL stream selectors, empty meaning the default', () => {
    expect(checkLogSelector(SELECTOR, SELECTOR)).toBeUndefined();
    expect(checkLogSelector('{app=~"restate.*", namespace!="dev, test", x=`a,b`}', SELECTOR)).toBeUndefined();
    expect(checkLogSelector('  ', SELECTOR)).toBeUndefined();
  });
  it('explains what to fix', () => {
    expect(checkLogSelector('app="restate"', SELECTOR)).toBe(
      `Write a LogQL stream selector in braces, e.g. ${SELECTOR}.`
    );
    expect(checkLogSelector('{app="restate"', SELECTOR)).toBe(`Close the selector with '}', e.g. ${SELECTOR}.`);
    expect(checkLogSelector('{}', SELECTOR)).toBe(`Add at least one label matcher, e.g. ${SELECTOR}.`);
    expect(checkLogSelector('{app="restate"} |= "inv_"', SELECTOR)).toBe(
      `Only the stream selector {…} goes here: remove '|= "inv_"'.`
    );
    expect(checkLogSelector('{app=restate}', SELECTOR)).toMatch(/^'app=restate' is not a label matcher/);
  });
});

describe('checkAwsPrincipal', () => {
  it('accepts an IAM role ARN or nothing, explains anything else', () => {
    expect(checkAwsPrincipal(PRINCIPAL, PRINCIPAL)).toBeUndefined();
    expect(checkAwsPrincipal('', PRINCIPAL)).toBeUndefined();
    expect(checkAwsPrincipal('restate-dev', PRINCIPAL)).toBe(`Enter an IAM role ARN, e.g. ${PRINCIPAL}.`);
  });
});

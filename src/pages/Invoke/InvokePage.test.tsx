import React from 'react';
import { fireEvent, screen, within } from '@testing-library/react';
import greeterOpenApi from '../../api/__fixtures__/openapi/greeter.json';
import { render } from '../../test/render';
import { installFakeBackend, setRole, type Answer } from '../../test/backendSrv';
import InvokePage from './InvokePage';

// @grafana/ui's Combobox measures its option labels on a canvas, which jsdom lacks.
HTMLCanvasElement.prototype.getContext = (() => ({ measureText: (t: string) => ({ width: t.length * 7 }) })) as never;

const services = [
  { name: 'counter', ty: 'VirtualObject', public: true, handlers: [{ name: 'add', ty: 'Exclusive' }] },
  { name: 'greeter', ty: 'Service', public: true, handlers: [{ name: 'welcome' }, { name: 'greet' }] },
];

function cluster(ingress: (url: string, data: unknown) => Answer | undefined) {
  return installFakeBackend((req) => {
    if (req.url.endsWith('/admin/services')) {
      return { data: { services } };
    }
    if (req.url.endsWith('/admin/services/greeter/openapi')) {
      return { data: greeterOpenApi };
    }
    if (req.url.endsWith('/admin/services/counter/openapi')) {
      return { data: { paths: {} } };
    }
    if (req.url.includes('/ingress/')) {
      return ingress(req.url, req.data);
    }
    return undefined;
  });
}

const renderAt = (url: string) =>
  render(<InvokePage />, { url, dataSources: { list: [{ uid: 'ds1', name: 'Dev', isDefault: true, jsonData: {} }] } });

describe('InvokePage', () => {
  beforeEach(() => setRole('Editor'));

  it('builds the body form from the handler schema, sends nothing while a field is wrong, then calls', async () => {
    const backend = cluster((url) =>
      url.endsWith('/ingress/greeter/welcome')
        ? { data: 'Hi, Ada!', headers: { 'x-restate-id': 'inv_1abc', 'content-type': 'application/json' } }
        : undefined
    );
    renderAt('/invoke?cluster=ds1&service=greeter&handler=welcome');
    const form = await screen.findByRole('form', { name: 'Invocation' });
    const name = await within(form).findByRole('textbox', { name: 'name' });
    fireEvent.click(within(form).getByRole('button', { name: 'Call' }));
    expect(await within(form).findByText('name is required.')).toBeInTheDocument();
    expect(within(form).getByText('Fix the fields marked above; nothing was sent.')).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.url.includes('/ingress/'))).toEqual([]);

    fireEvent.change(name, { target: { value: 'Ada' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Call' }));
    expect(await screen.findByText('Answered (200)')).toBeInTheDocument();
    expect(screen.getByLabelText('Response')).toHaveTextContent('Hi, Ada!');
    expect(screen.getByRole('link', { name: 'Invocation details' })).toHaveAttribute(
      'href',
      '/a/restatedev-restate-app/invocations/inv_1abc?cluster=ds1'
    );
    const sent = backend.requests.filter((r) => r.url.includes('/ingress/'));
    expect(sent).toMatchObject([{ method: 'POST', data: '{"name":"Ada"}' }]);
  });

  it('needs a key for a virtual object and explains a rate limit', async () => {
    const backend = cluster(() => ({ status: 429, data: { message: 'slow down' }, headers: { 'Retry-After': '12' } }));
    renderAt('/invoke?cluster=ds1&service=counter&handler=add&mode=send');
    const form = await screen.findByRole('form', { name: 'Invocation' });
    fireEvent.click(within(form).getByRole('button', { name: 'Send' }));
    expect(
      await within(form).findByText('Virtual objects and workflows are invoked on a key: enter one.')
    ).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.url.includes('/ingress/'))).toEqual([]);

    fireEvent.change(within(form).getByRole('textbox', { name: 'Key' }), { target: { value: 'k1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Rate limited')).toBeInTheDocument();
    expect(screen.getByText('Try again in a few seconds; the limit resets by itself.')).toBeInTheDocument();
    expect(backend.requests.filter((r) => r.url.includes('/ingress/')).map((r) => r.url)).toEqual([
      '/api/datasources/proxy/uid/ds1/ingress/counter/k1/add/send',
    ]);
  });

  it('a Viewer sees the form with Call disabled', async () => {
    setRole('Viewer');
    cluster(() => undefined);
    renderAt('/invoke?cluster=ds1&service=greeter&handler=greet');
    const form = await screen.findByRole('form', { name: 'Invocation' });
    expect(within(form).getByRole('button', { name: 'Call' })).toBeDisabled();
    expect(
      await within(form).findByLabelText(/Needs the Editor role in this Grafana organization; you are Viewer/)
    ).toBeInTheDocument();
  });
});

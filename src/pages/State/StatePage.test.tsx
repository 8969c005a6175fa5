import React from 'react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { render } from '../../test/render';
import { installFakeBackend, rows, setRole } from '../../test/backendSrv';
import { stateVersion, toHex, utf8 } from '../../model/stateValue';
import StatePage from './StatePage';

// @grafana/ui's Combobox measures its option labels on a canvas, which jsdom lacks (the jest setup stubs
// getContext to return nothing).
HTMLCanvasElement.prototype.getContext = (() => ({ measureText: (t: string) => ({ width: t.length * 7 }) })) as never;

const services = [
  { name: 'counter', ty: 'VirtualObject', handlers: [{ name: 'add', ty: 'Exclusive' }] },
  { name: 'greeter', ty: 'Service', handlers: [{ name: 'greet' }] },
];

/** A cluster with counter/k1 = `state` (hex rows for the state query); POSTs to the state route change it. */
function cluster(initial: Record<string, Uint8Array>) {
  let state = { ...initial };
  const posts: Array<{ object_key: string; version: string; new_state: Record<string, number[]> }> = [];
  const backend = installFakeBackend((req) => {
    if (req.url.endsWith('/admin/services')) {
      return { data: { services } };
    }
    if (req.sql?.includes('COUNT(DISTINCT')) {
      return rows([{ n: 1 }]);
    }
    if (req.sql?.includes('GROUP BY service_key')) {
      return rows([{ service_key: 'k1', entries: Object.keys(state).length, bytes: 3 }]);
    }
    if (req.sql?.includes("encode(value, 'hex')")) {
      return rows(Object.entries(state).map(([key, v]) => ({ key, value_hex: toHex(v) })));
    }
    if (req.method === 'POST' && req.url.endsWith('/admin/services/counter/state')) {
      const body = req.data as (typeof posts)[number];
      posts.push(body);
      state = Object.fromEntries(Object.entries(body.new_state).map(([k, v]) => [k, Uint8Array.from(v)]));
      return { status: 202, data: '' };
    }
    return undefined;
  });
  return { backend, posts };
}

const renderAt = (url: string) =>
  render(<StatePage />, { url, dataSources: { list: [{ uid: 'ds1', name: 'Dev', isDefault: true, jsonData: {} }] } });

describe('StatePage', () => {
  beforeEach(() => setRole('Editor'));

  it('lists the keys of a virtual object with the prefix filter in SQL, each linking to its state', async () => {
    const { backend } = cluster({ count: utf8('5') });
    renderAt('/state?cluster=ds1&service=counter&prefix=k');
    const link = await screen.findByRole('link', { name: 'k1' });
    expect(link).toHaveAttribute('href', '/a/restatedev-restate-app/state?cluster=ds1&service=counter&key=k1');
    expect(backend.sqls().find((s) => s.includes('GROUP BY'))).toContain("starts_with(service_key, 'k')");
    expect(screen.getByText('1 key with state starting with “k”')).toBeInTheDocument();
  });

  it('refuses invalid JSON without sending, then saves valid JSON with the version it was edited at', async () => {
    const { posts } = cluster({ count: utf8('5'), blob: Uint8Array.of(0xff, 0) });
    renderAt('/state?cluster=ds1&service=counter&key=k1');
    const count = await screen.findByRole('region', { name: 'State entry count' });
    fireEvent.click(within(count).getByRole('button', { name: 'Edit' }));
    const value = within(count).getByRole('textbox', { name: 'Value' });
    fireEvent.change(value, { target: { value: '{"n": ' } });
    fireEvent.click(within(count).getByRole('button', { name: 'Save' }));
    expect(await within(count).findByText(/^Not valid JSON/)).toBeInTheDocument();
    expect(posts).toEqual([]);

    fireEvent.change(value, { target: { value: '{"n": 6}' } });
    fireEvent.click(within(count).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('State saved')).toBeInTheDocument();
    expect(posts).toEqual([
      {
        object_key: 'k1',
        version: stateVersion([
          { key: 'count', value: utf8('5') },
          { key: 'blob', value: Uint8Array.of(0xff, 0) },
        ]),
        new_state: { count: Array.from(utf8('{"n":6}')), blob: [0xff, 0] },
      },
    ]);
    await waitFor(() =>
      expect(within(screen.getByRole('region', { name: 'State entry count' })).getByText(/"n": 6/)).toBeInTheDocument()
    );
  });

  it('shows a binary value as binary and does not offer to edit it as text', async () => {
    cluster({ blob: Uint8Array.of(0xff, 0xfe) });
    renderAt('/state?cluster=ds1&service=counter&key=k1');
    const blob = await screen.findByRole('region', { name: 'State entry blob' });
    expect(within(blob).getByText(/^Binary value, 2 bytes/)).toBeInTheDocument();
    expect(within(blob).getByText('ff fe')).toBeInTheDocument();
    expect(within(blob).getByRole('button', { name: 'Edit' })).toBeDisabled();
  });

  it('clears only after a confirmation', async () => {
    const { posts } = cluster({ count: utf8('5') });
    renderAt('/state?cluster=ds1&service=counter&key=k1');
    fireEvent.click(await screen.findByRole('button', { name: 'Clear state' }));
    const dialog = await screen.findByRole('dialog');
    expect(posts).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Clear state' }));
    expect(await screen.findByText('This key holds no state')).toBeInTheDocument();
    expect(posts).toMatchObject([{ object_key: 'k1', new_state: {} }]);
  });

  it('a Viewer reads the state, with every change disabled', async () => {
    setRole('Viewer');
    cluster({ count: utf8('5') });
    renderAt('/state?cluster=ds1&service=counter&key=k1');
    const count = await screen.findByRole('region', { name: 'State entry count' });
    expect(within(count).getByText('5')).toBeInTheDocument();
    expect(within(count).getByRole('button', { name: 'Edit' })).toBeDisabled();
    expect(within(count).getByRole('button', { name: 'Remove' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Clear state' })).toBeDisabled();
    expect(
      screen.getAllByLabelText(/Needs the Editor role in this Grafana organization; you are Viewer/).length
    ).toBeGreaterThan(0);
  });

  it('says when the cluster has no virtual object or workflow, and when a link names a plain service', async () => {
    cluster({});
    renderAt('/state?cluster=ds1&service=greeter');
    expect(
      await screen.findByText('“greeter” is not a virtual object or workflow of this cluster')
    ).toBeInTheDocument();
  });
});

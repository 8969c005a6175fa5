import React from 'react';
import { act, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import App from './App';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { invocationHref, prefixRoute } from '../../utils/utils.routing';

// The pages are stand-ins: this test is about which route renders what, and where links and redirects go.
// The stand-in for the invocations page renders links the way the real pages build them, from inside a nested
// splat route, which is where v7_relativeSplatPath changes how relative paths resolve.
jest.mock('../../pages/Overview/OverviewPage', () => ({ __esModule: true, default: () => <h1>page: overview</h1> }));
jest.mock('../../pages/Services/ServicesPage', () => ({ __esModule: true, default: () => <h1>page: services</h1> }));
jest.mock('../../pages/Deployments/DeploymentsPage', () => ({
  __esModule: true,
  default: () => <h1>page: deployments</h1>,
}));
jest.mock('../../pages/Sql/SqlPage', () => ({ __esModule: true, default: () => <h1>page: sql</h1> }));
jest.mock('../../pages/Observability/ObservabilityPage', () => ({
  __esModule: true,
  default: () => <h1>page: observability</h1>,
}));
jest.mock('../../pages/Invocations/InvocationsPage', () => {
  // Inside the factory: jest.mock is hoisted above the imports.
  const links: Array<[string, string]> = require('./appLinks.testutil').LINKS;
  const { Link: RouterLink } = require('react-router-dom');
  return {
    __esModule: true,
    default: () => (
      <>
        <h1>page: invocations</h1>
        {links.map(([name, to]) => (
          <RouterLink key={name} to={to}>
            {name}
          </RouterLink>
        ))}
      </>
    ),
  };
});

const BASE = '/a/restatedev-restate-app';

// A redirect loop would otherwise keep jest busy forever: after a few hops stop rendering the app and show where
// it went, so the test fails with the path instead of timing out.
let hops: string[] = [];
function recordHop(pathname: string): string[] {
  if (hops[hops.length - 1] !== pathname) {
    hops.push(pathname);
  }
  return hops;
}

function LoopGuard({ children }: { children: React.ReactNode }) {
  const trail = recordHop(useLocation().pathname);
  return trail.length > 5 ? <output aria-label="location">loop: {trail.join(' -> ')}</output> : children;
}

function Where() {
  const { pathname, search } = useLocation();
  return <output aria-label="location">{pathname + search}</output>;
}

// Grafana mounts an app's root page under `/a/<pluginId>/*` (grafana/grafana
// public/app/features/plugins/routes.tsx, getAppPluginRoutes), so the app's <Routes> are nested in a splat route.
function renderAt(path: string, v7: boolean) {
  hops = [];
  return render(
    <MemoryRouter
      initialEntries={[path]}
      future={v7 ? { v7_relativeSplatPath: true, v7_startTransition: true } : undefined}
    >
      <Routes>
        <Route
          path="/a/:pluginId/*"
          element={
            <LoopGuard>
              <App {...({} as AppRootProps)} />
              <Where />
            </LoopGuard>
          }
        />
      </Routes>
    </MemoryRouter>
  );
}

const location = () => screen.getByLabelText('location').textContent;

// The v6 runs render without the future flags on purpose; React Router then warns about each flag once.
// Those warnings are expected here and only those are silenced.
const warn = console.warn;
beforeAll(() => {
  jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes('React Router Future Flag Warning')) {
      warn(...args);
    }
  });
});
afterAll(() => jest.restoreAllMocks());

describe.each([
  ['React Router 6 semantics', false],
  ['React Router 7 semantics (v7_relativeSplatPath, v7_startTransition)', true],
])('App routes under %s', (_name, v7) => {
  it.each(['/unknown', '/unknown/deeper', '', '/'])('redirects %s to the overview', async (rest) => {
    renderAt(`${BASE}${rest}`, v7);
    // Give a redirect loop the chance to show itself before checking where it settled.
    await act(() => new Promise((r) => setTimeout(r, 50)));
    expect(location()).toBe(`${BASE}/overview`);
    expect(screen.getByRole('heading', { name: 'page: overview' })).toBeInTheDocument();
  });

  it.each([
    ['/overview', 'overview'],
    ['/invocations', 'invocations'],
    ['/invocations/inv_1abc', 'invocations'],
    ['/services', 'services'],
    ['/services/Greeter', 'services'],
    ['/deployments', 'deployments'],
    ['/deployments/new', 'deployments'],
    ['/deployments/dp_1', 'deployments'],
    ['/sql', 'sql'],
    ['/observability', 'observability'],
  ])('%s renders the %s page and stays there', async (rest, page) => {
    renderAt(`${BASE}${rest}?cluster=c1`, v7);
    expect(await screen.findByRole('heading', { name: `page: ${page}` })).toBeInTheDocument();
    expect(location()).toBe(`${BASE}${rest}?cluster=c1`);
  });

  it('links built by the route helpers are absolute and lead there from inside a nested page', async () => {
    // Rendered from /invocations/<id>: a relative link would resolve against that under v7 semantics.
    renderAt(`${BASE}/invocations/inv_1abc`, v7);
    await screen.findByRole('heading', { name: 'page: invocations' });
    const { LINKS } = jest.requireActual('./appLinks.testutil') as { LINKS: Array<[string, string]> };
    expect(LINKS.length).toBeGreaterThan(3);
    for (const [name, to] of LINKS) {
      expect(to.startsWith(`${BASE}/`)).toBe(true);
      expect(screen.getByRole('link', { name })).toHaveAttribute('href', to);
    }
    // And following one lands exactly there.
    const [, target] = LINKS.find(([name]) => name === 'deployment')!;
    act(() => screen.getByRole('link', { name: 'deployment' }).click());
    await screen.findByRole('heading', { name: 'page: deployments' });
    await waitFor(() => expect(location()).toBe(target));
  });
});

describe('route helpers', () => {
  it('build absolute app URLs from the plugin base URL', () => {
    expect(PLUGIN_BASE_URL).toBe(BASE);
    expect(prefixRoute(ROUTES.Overview)).toBe(`${BASE}/overview`);
    expect(prefixRoute(ROUTES.Invocations, { status: 'suspended', service: '' }, 'c1')).toBe(
      `${BASE}/invocations?cluster=c1&status=suspended`
    );
    expect(invocationHref('inv_1', 'c1')).toBe(`${BASE}/invocations/inv_1?cluster=c1`);
  });
});

import React from 'react';
import { act, render as rtlRender, type RenderResult } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { createTheme } from '@grafana/data';
import { ThemeContext } from '@grafana/ui';
import { QueryClientProvider } from '@tanstack/react-query';
import { createQueryClient } from '../hooks/query';
import { installDataSourceSrv } from './dataSourceSrv';

/** React Router v7's behaviour, opted into now so tests see what the app will see (and no future-flag warnings). */
export const ROUTER_FUTURE = { v7_startTransition: true, v7_relativeSplatPath: true } as const;

const theme = createTheme();

/**
 * Renders a page or component as the app does: inside a router at `url` (under a route `path` when given),
 * with Grafana's theme, and with `dataSources` as the data source srv's list when given. `around` renders
 * beside it inside the router (e.g. a probe that shows the current location).
 */
export function render(
  ui: React.ReactElement,
  {
    url = '/',
    path,
    around,
    dataSources,
  }: {
    url?: string;
    path?: string;
    around?: React.ReactNode;
    dataSources?: Parameters<typeof installDataSourceSrv>[0];
  } = {}
): RenderResult {
  if (dataSources) {
    installDataSourceSrv(dataSources);
  }
  // Each render its own cache: no test sees another's data.
  const client = createQueryClient();
  return rtlRender(
    <QueryClientProvider client={client}>
      <ThemeContext.Provider value={theme}>
        <MemoryRouter initialEntries={[url]} future={ROUTER_FUTURE}>
          {path ? (
            <Routes>
              <Route path={path} element={ui} />
            </Routes>
          ) : (
            ui
          )}
          {around}
        </MemoryRouter>
      </ThemeContext.Provider>
    </QueryClientProvider>
  );
}

/** Lets the loads a component starts on mount finish (their state updates inside act), for tests that assert after. */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

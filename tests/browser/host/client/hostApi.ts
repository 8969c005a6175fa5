// What the host page exposes to specs on `window.grafanaHost` (test-only; Grafana has no such handle).
export interface GrafanaHostApi {
  /** True once the runtime is booted and the page rendered. */
  ready: boolean;
  /** Set when booting failed (the page shows it too). */
  bootError?: string;
  /** Loads a module the way a plugin's module.js is loaded (SystemJS, shared dependencies). */
  importPluginModule(path: string): Promise<unknown>;
  /** Every module load that failed in this page. */
  loadFailures: Array<{ path: string; message: string }>;
  /** What the page runs (the React every plugin is handed as `react`, and Grafana's release), set at boot. */
  versions?: { react: string; grafana: string };
}

declare global {
  interface Window {
    grafanaHost?: GrafanaHostApi;
  }
}

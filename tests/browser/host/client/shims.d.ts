// Entry points Grafana's own frontend imports that the packages' export maps do not list;
// vendor.mjs aliases these names to the installed files.
declare module 'grafana-runtime-plugin-page' {
  import type { PluginPageType } from '@grafana/runtime';
  export function setPluginPage(component: PluginPageType): void;
}
declare module 'grafana-runtime-panel-renderer' {
  import type { PanelRendererType } from '@grafana/runtime';
  export function setPanelRenderer(component: PanelRendererType): void;
}
declare module 'grafana-i18n-internal' {
  import type { i18n } from 'i18next';
  export function getI18nInstance(): i18n;
  export function initializeI18n(options: { language: string; ns?: string[] }, regionalFormat: string): Promise<{ language: string }>;
}

// Shared dependencies without type declarations; the host only hands them over.
declare module 'slate';
declare module 'slate-react';
declare module 'slate-plain-serializer';
declare module 'd3';
declare module 'prismjs';

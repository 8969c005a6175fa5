// Jest environment for integration tests that load @grafana/data / @grafana/runtime (they need `window`,
// `document`, localStorage at import) AND talk HTTP to real servers: jsdom plus Node's own fetch.
// Use it with a docblock at the top of a test file:  /** @jest-environment ./tests/harness/jestEnvironment.cjs */
const { TestEnvironment } = require('jest-environment-jsdom');

const FROM_NODE = [
  'fetch',
  'Headers',
  'Request',
  'Response',
  'FormData',
  'AbortController',
  'AbortSignal',
  'ReadableStream',
  'TextEncoder',
  'TextDecoder',
  'structuredClone',
  'setImmediate',
  'clearImmediate',
];

class JsdomWithNodeFetch extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of FROM_NODE) {
      if (globalThis[name] !== undefined) {
        this.global[name] = globalThis[name];
      }
    }
    // What jsdom lacks and @grafana/ui touches at import (as the scaffolded .config/jest-setup.js provides).
    const noop = () => {};
    this.global.matchMedia = (query) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: noop,
      removeListener: noop,
      addEventListener: noop,
      removeEventListener: noop,
      dispatchEvent: () => false,
    });
    this.global.HTMLCanvasElement.prototype.getContext = () => null;
  }
}

module.exports = JsdomWithNodeFetch;

jest.setTimeout(120_000);

// i18next (loaded by @grafana/i18n when a test imports @grafana/runtime or @grafana/ui) prints a sponsor
// notice through console.info on init; it says nothing about the test, so keep it out of the output.
const consoleInfo = console.info.bind(console);
console.info = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].includes('i18next is made possible by')) {
    return;
  }
  consoleInfo(...args);
};

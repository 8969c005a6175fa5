// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';
// i18next (loaded by @grafana/ui) prints an advertisement on init; a passing suite prints nothing.
process.env.I18NEXT_NO_SUPPORT_NOTICE = '1';

const base = require('./.config/jest.config');

// d3-color (via @grafana/data) ships only .mjs, so swc must transform .mjs too.
const swc = base.transform['^.+\\.(t|j)sx?$'];
const transform = { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc };
// jsdom resolves `yaml` to its untransformed browser ESM build; its CommonJS build is the same code.
const moduleNameMapper = { ...base.moduleNameMapper, '^yaml$': '<rootDir>/node_modules/yaml/dist/index.js' };

module.exports = {
  projects: [
    {
      ...base,
      displayName: 'unit',
      transform,
      moduleNameMapper,
      // The build scripts' own logic (scripts/lib) and the bench's pure helpers (bench/lib) are unit-tested too.
      testMatch: [...base.testMatch, '<rootDir>/scripts/**/*.test.ts', '<rootDir>/bench/**/*.test.ts'],
    },
    {
      ...base,
      displayName: 'integration',
      transform,
      moduleNameMapper,
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/tests/integration/setup.ts'],
    },
  ],
};

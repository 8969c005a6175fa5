// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

import { configure } from '@testing-library/react';

// findBy*/waitFor wait for a condition; give it time on a busy machine instead of failing after 1 s.
configure({ asyncUtilTimeout: 10_000 });
// Tests wait on conditions, not on time; on a busy 2-core machine a page test can take well over jest's 5 s.
// (Set here: jest 29 ignores `testTimeout` inside a `projects` entry.)
jest.setTimeout(30_000);

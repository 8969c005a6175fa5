// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

import { configure } from '@testing-library/react';

// findBy*/waitFor wait for a condition; give it time on a busy machine instead of failing after 1 s.
configure({ asyncUtilTimeout: 60_000 });
// Tests wait on conditions, not on time. These limits only catch a hang: a page test that takes 10 s here took
// 40 s with the 2 cores loaded at 30, so they sit far above any machine's speed.
// (Set here: jest 29 ignores `testTimeout` inside a `projects` entry.)
jest.setTimeout(300_000);

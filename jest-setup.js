// Jest setup provided by Grafana scaffolding
import './.config/jest-setup';

import { configure } from '@testing-library/react';

// findBy*/waitFor wait for a condition; give it time on a busy machine instead of failing after 1 s.
configure({ asyncUtilTimeout: 10_000 });

// react-query ships compiled to React's automatic JSX runtime, but Grafana before 12.0.10 does not serve
// `react/jsx-runtime` to plugins (npm run check:grafana-dependency). Our code uses React.createElement; so does
// react-query through this stand-in (scripts/jsx-runtime-loader.cjs points node_modules/@tanstack at it).
import { createElement, Fragment } from 'react';

export { Fragment };

export function jsx(type, props, key) {
  return createElement(type, key === undefined ? props : { ...props, key });
}

export const jsxs = jsx;

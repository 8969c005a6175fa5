// Points react-query's `react/jsx-runtime` imports at scripts/jsx-runtime-shim.mjs (which says why). A loader,
// because webpack decides externals on the import as written, before any module replacement.
const path = require('node:path');

const shim = JSON.stringify(path.resolve(__dirname, 'jsx-runtime-shim.mjs'));

module.exports = function (source) {
  return source.replace(/(["'])react\/jsx-runtime\1/g, shim);
};

// Zapier loads this file; `npm run build` (or `zapier-platform build`) bundles index.ts into dist/.
const built = require('./dist/index.js');

module.exports = built.default ?? built;

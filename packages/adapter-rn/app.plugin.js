// Expo looks for `app.plugin.js`, but this package is `"type": "module"`, so a `.js` file is
// ES module code here. The plugin itself lives in CommonJS (app.plugin.cjs); this file
// re-exports it for Expo versions that load ES modules or `require` them (Node >= 22.12).
// On an older toolchain, name the file directly: "plugins": ["@nightshift/adapter-rn/app.plugin.cjs"].
import { createRequire } from 'node:module';

const withNightshift = createRequire(import.meta.url)('./app.plugin.cjs');

export default withNightshift;

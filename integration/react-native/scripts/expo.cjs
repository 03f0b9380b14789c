// The Expo config plugin, resolved and applied the way Expo's prebuild does: `plugins` names
// the package ("@nightshift/adapter-rn"), @expo/config's getConfig resolves and runs it
// (@expo/config-plugins' plugin resolver: `<package>/app.plugin.js`), and the iOS base mod of
// @expo/config-plugins merges `ios.infoPlist` into the project's Info.plist and writes it.
// Checks the Info.plist it writes. Prints one line per check; exits non-zero on a failure.
const assert = require('node:assert/strict');
const { mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { getConfig } = require('@expo/config');
const { BaseMods, evalModsAsync, withInfoPlist } = require('@expo/config-plugins');
// Expo's own resolver, to print which file `plugins` picked.
const { resolvePluginForModule } = require('@expo/config-plugins/build/utils/plugin-resolver');
// The plist library the base mod itself writes with.
const plist = require(
  require.resolve('@expo/plist', { paths: [require.resolve('@expo/config-plugins')] }),
).default;

const here = join(__dirname, '..');
// The Info.plist prebuild starts from (the bare template has no background modes).
const PLIST_TEMPLATE = {
  CFBundleIdentifier: '$(PRODUCT_BUNDLE_IDENTIFIER)',
  CFBundleName: '$(PRODUCT_NAME)',
};
// What the app's own app.json asks for: kept next to what the plugin adds.
const APP_INFO_PLIST = { UIBackgroundModes: ['remote-notification'] };

/**
 * A throwaway Expo project under out/, so the plugin resolves from this package's node_modules.
 * `nativePlist` is what the project's own ios/ Info.plist holds before prebuild; `appInfoPlist`
 * is app.json's `ios.infoPlist`; `files` are more files in the project (local plugins).
 */
function project(
  name,
  plugins,
  { nativePlist = PLIST_TEMPLATE, appInfoPlist = APP_INFO_PLIST, files = {} } = {},
) {
  const dir = join(here, 'out', 'expo', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'ios', 'NightshiftCheck'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `expo-${name}`, version: '1.0.0' }));
  writeFileSync(
    join(dir, 'app.json'),
    JSON.stringify(
      {
        expo: {
          name: 'NightshiftCheck',
          slug: 'nightshift-check',
          ios: appInfoPlist ? { infoPlist: appInfoPlist } : {},
          plugins,
        },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, 'ios', 'NightshiftCheck', 'Info.plist'), plist.build(nativePlist));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

/** getConfig (which runs the plugins), then the Info.plist base mod; returns the written Info.plist. */
async function prebuildInfoPlist(dir) {
  const { exp } = getConfig(dir, { skipSDKVersionRequirement: true, isModdedConfig: true });
  let config = withInfoPlist(exp, (c) => c);
  config = BaseMods.withIosBaseMods(config, {
    providers: { infoPlist: BaseMods.getIosModFileProviders().infoPlist },
  });
  await evalModsAsync(config, { projectRoot: dir, platforms: ['ios'], assertMissingModProviders: true });
  return plist.parse(readFileSync(join(dir, 'ios', 'NightshiftCheck', 'Info.plist'), 'utf8'));
}

const checks = [
  [
    'Expo resolves the plugin by package name and writes UIBackgroundModes and BGTaskSchedulerPermittedIdentifiers',
    async () => {
      const dir = project('once', ['@nightshift/adapter-rn']);
      const { filePath } = resolvePluginForModule(dir, '@nightshift/adapter-rn');
      console.log(
        `# "@nightshift/adapter-rn" resolves to ${relative(join(here, '../..'), realpathSync(filePath))}`,
      );
      const info = await prebuildInfoPlist(dir);
      assert.deepEqual(info.UIBackgroundModes, ['remote-notification', 'fetch', 'processing']);
      assert.deepEqual(info.BGTaskSchedulerPermittedIdentifiers, ['com.transistorsoft.fetch']);
      assert.equal(info.CFBundleName, PLIST_TEMPLATE.CFBundleName);
    },
  ],
  [
    'the plugin takes taskIdentifiers, and applying it twice changes nothing more',
    async () => {
      const withOptions = ['@nightshift/adapter-rn', { taskIdentifiers: ['com.transistorsoft.sync'] }];
      const once = await prebuildInfoPlist(project('options', [withOptions]));
      const twice = await prebuildInfoPlist(
        project('twice', [withOptions, withOptions, '@nightshift/adapter-rn']),
      );
      assert.deepEqual(once.BGTaskSchedulerPermittedIdentifiers, [
        'com.transistorsoft.fetch',
        'com.transistorsoft.sync',
      ]);
      assert.deepEqual(twice, once);
    },
  ],
  [
    'a background mode only the native Info.plist lists (added in Xcode) is kept',
    async () => {
      const dir = project('native-only', ['@nightshift/adapter-rn'], {
        nativePlist: { ...PLIST_TEMPLATE, UIBackgroundModes: ['audio'] },
        appInfoPlist: null,
      });
      const info = await prebuildInfoPlist(dir);
      assert.deepEqual(info.UIBackgroundModes, ['audio', 'fetch', 'processing']);
    },
  ],
  [
    "another plugin's Info.plist mod (as expo-location adds `location`) and this one keep each other's modes, in either order",
    async () => {
      // What expo-location's plugin does for background location: a withInfoPlist mod.
      const files = {
        'with-location.js': `const { withInfoPlist } = require('@expo/config-plugins');
module.exports = (config) => withInfoPlist(config, (c) => {
  c.modResults.UIBackgroundModes = [...(c.modResults.UIBackgroundModes || []), 'location'];
  return c;
});`,
      };
      const before = await prebuildInfoPlist(
        project('location-first', ['./with-location.js', '@nightshift/adapter-rn'], { files }),
      );
      const after = await prebuildInfoPlist(
        project('location-last', ['@nightshift/adapter-rn', './with-location.js'], { files }),
      );
      for (const info of [before, after]) {
        assert.deepEqual([...info.UIBackgroundModes].sort(), [
          'fetch',
          'location',
          'processing',
          'remote-notification',
        ]);
      }
    },
  ],
];

(async () => {
  let failed = 0;
  for (const [name, run] of checks) {
    try {
      await run();
      console.log(`ok - ${name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  console.log(`${checks.length - failed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
})();

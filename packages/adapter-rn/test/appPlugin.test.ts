import { describe, expect, it, vi } from 'vitest';
import withNightshiftCjs from '../app.plugin.cjs';

type Plugin = (config: any, options?: { taskIdentifiers?: string[] }) => any;
const withNightshift: Plugin = withNightshiftCjs;

describe('Expo config plugin', () => {
  it('adds background modes and the background-fetch task id to a bare config', () => {
    expect(withNightshift({ name: 'app', slug: 'app' })).toEqual({
      name: 'app',
      slug: 'app',
      ios: {
        infoPlist: {
          UIBackgroundModes: ['fetch', 'processing'],
          BGTaskSchedulerPermittedIdentifiers: ['com.transistorsoft.fetch'],
        },
      },
    });
  });

  it('keeps what the config has and adds the extra task ids', () => {
    const config = {
      name: 'app',
      ios: {
        bundleIdentifier: 'com.example.app',
        infoPlist: {
          NSCameraUsageDescription: 'scan',
          UIBackgroundModes: ['remote-notification', 'fetch'],
          BGTaskSchedulerPermittedIdentifiers: ['com.example.refresh'],
        },
      },
    };
    const out = withNightshift(config, {
      taskIdentifiers: ['com.transistorsoft.sync', 'com.example.refresh'],
    });
    expect(out.ios).toEqual({
      bundleIdentifier: 'com.example.app',
      infoPlist: {
        NSCameraUsageDescription: 'scan',
        UIBackgroundModes: ['remote-notification', 'fetch', 'processing'],
        BGTaskSchedulerPermittedIdentifiers: [
          'com.example.refresh',
          'com.transistorsoft.fetch',
          'com.transistorsoft.sync',
        ],
      },
    });
  });

  it('is idempotent: running it twice changes nothing more', () => {
    const once = withNightshift({ name: 'app' }, { taskIdentifiers: ['com.transistorsoft.sync'] });
    const snapshot = structuredClone(once);
    const twice = withNightshift(once, { taskIdentifiers: ['com.transistorsoft.sync'] });
    expect(twice).toEqual(snapshot);
  });

  it('warns about a task id without the com.transistorsoft. prefix, which the library ignores on iOS', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const out = withNightshift(
        { name: 'app' },
        { taskIdentifiers: ['com.example.sync', 'com.transistorsoft.ok'] },
      );
      expect(out.ios.infoPlist.BGTaskSchedulerPermittedIdentifiers).toContain('com.example.sync');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/com\.example\.sync.*com\.transistorsoft\./);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses task ids that are not strings', () => {
    expect(() => withNightshift({}, { taskIdentifiers: [42 as never] })).toThrow(TypeError);
    expect(() => withNightshift({}, { taskIdentifiers: 'com.x' as never })).toThrow(TypeError);
  });

  it('is also the default export of app.plugin.js, the file Expo looks for', async () => {
    const mod = await import('../app.plugin.js');
    expect(mod.default({ name: 'app' }, { taskIdentifiers: ['com.transistorsoft.sync'] })).toEqual(
      withNightshift({ name: 'app' }, { taskIdentifiers: ['com.transistorsoft.sync'] }),
    );
  });
});

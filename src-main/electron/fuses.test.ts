import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml read back the way electron-builder reads it (its own loader and schema,
 * from the electron-builder this project depends on), so a typo in a fuse name fails here.
 */
async function builderConfig(): Promise<Record<string, unknown>> {
  const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
  const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
    getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<Record<string, unknown>>;
    validateConfiguration(config: Record<string, unknown>, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  const config = await getConfig(resolve(import.meta.dirname, '../..'), null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

describe('the packaged app’s Electron fuses (electron-builder.yml)', () => {
  it('turns off RunAsNode, NODE_OPTIONS, --inspect and file:// privileges; loads only an integrity-checked asar; encrypts cookies', async () => {
    const config = await builderConfig();
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    // The asar the fuses check must be built.
    expect(config.asar).not.toBe(false);
  });
});

import type { systemMethods } from '@shared/api/system';
import type { HandlerSlice } from '../handlers';
import type { SettingsService } from '../config/settings-service';
import type { DoctorCheck } from '@shared/api/system';

export interface SystemDeps {
  version: string;
  mode: 'electron' | 'headless' | 'cli';
  dataDir: string;
  databaseDescription: string;
  settings: SettingsService;
  doctor: () => Promise<DoctorCheck[]>;
}

export function systemHandlers(deps: SystemDeps): HandlerSlice<typeof systemMethods> {
  return {
    'system.info': async () => ({ version: deps.version, database: deps.databaseDescription, dataDir: deps.dataDir, mode: deps.mode }),
    'system.doctor': () => deps.doctor(),
    'settings.get': () => deps.settings.view(),
    'settings.update': ({ patch }) => deps.settings.update(patch),
    'secrets.set': async ({ name, value }) => ({ name, set: await deps.settings.setSecret(name, value) }),
  };
}

import type { ApiClient } from '@shared/api/index';

export interface CliContext {
  client: ApiClient;
  dataDir: string;
  json: boolean;
  /** 'remote': a running server (`serve`, the desktop app) does the work; 'local': an engine in this process, gone when the command ends. */
  via?: 'remote' | 'local';
}

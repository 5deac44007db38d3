import type { ApiClient } from '@shared/api/index';

export interface CliContext {
  client: ApiClient;
  dataDir: string;
  json: boolean;
}

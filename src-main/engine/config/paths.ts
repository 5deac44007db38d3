import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Agent Factory';
const APP_SLUG = 'agent-factory';

/**
 * The data folder when no shell tells us (headless and CLI): XDG data home on Linux, the usual
 * per-user application folders on macOS and Windows. Electron passes its userData folder instead.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.AGENT_FACTORY_DATA_DIR) return env.AGENT_FACTORY_DATA_DIR;
  const home = env.HOME || env.USERPROFILE || homedir();
  switch (platform) {
    case 'darwin':
      return join(home, 'Library', 'Application Support', APP_NAME);
    case 'win32':
      return join(env.APPDATA || join(home, 'AppData', 'Roaming'), APP_NAME);
    default:
      return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), APP_SLUG);
  }
}

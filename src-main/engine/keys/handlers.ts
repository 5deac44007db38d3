import type { keyMethods } from '@shared/api/keys';
import type { HandlerSlice } from '../handlers';
import type { KeyService } from './service';

export function keyHandlers(keys: KeyService): HandlerSlice<typeof keyMethods> {
  return {
    'keys.list': () => keys.list(),
    'keys.create': ({ name, scope, expiresInDays }) => keys.create({ name, scope, ...(expiresInDays ? { expiresInDays } : {}) }),
    'keys.revoke': ({ key }) => keys.revoke(key),
    'keys.audit': ({ limit, keyId }) => keys.audit(limit, keyId),
  };
}

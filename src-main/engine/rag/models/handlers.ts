import type { modelMethods } from '@shared/api/models';
import type { HandlerSlice } from '../../handlers';
import type { LocalModelService } from './service';

export function modelHandlers(models: LocalModelService): HandlerSlice<typeof modelMethods> {
  return {
    'models.local.list': async () => models.list(),
    'models.local.addFolder': (input) => models.addFolder(input),
    'models.local.download': (input, ctx) => models.download(input, ctx.signal),
    'models.download.cancel': async ({ repo }) => ({ cancelled: models.cancel(repo) }),
    'models.local.remove': async ({ name }) => ({ removed: await models.remove(name) }),
  };
}

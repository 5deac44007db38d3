import type { llmModelMethods } from '@shared/api/llm-models';
import type { HandlerSlice } from '../../handlers';
import type { ModelCatalog } from './catalog';

export function llmModelHandlers(catalog: ModelCatalog): HandlerSlice<typeof llmModelMethods> {
  return {
    'models.list': ({ provider, refresh }) => catalog.list({ provider, refresh }),
  };
}

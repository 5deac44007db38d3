import type { LocalModel } from '@shared/api/models';
import { useApi } from '../../api/context';
import { useLoader, type Loaded } from '../../api/use-loader';

/** The local embedding models (shipped and added), from `models.local.list`. */
export function useLocalModels(): Loaded<LocalModel[]> {
  const api = useApi();
  return useLoader(() => api.call('models.local.list', {}), [api]);
}

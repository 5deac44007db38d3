export {
  ModelCatalog,
  MODELS_TTL_MS,
  MODELS_ERROR_TTL_MS,
  type ModelCatalogDeps,
  type ListOptions,
} from './catalog';
export { llmModelHandlers } from './handlers';
export { modelDoctorChecks, modelCheck } from './doctor-checks';
export { ollamaCapabilities } from './ollama-models';

export { IngestService, type IngestServiceDeps, type EnqueueOptions } from './service';
export type { ProcessorOptions } from './processor';
export { IngestRepository } from './repository';
export { ingestHandlers, type IngestHandlerDeps } from './handlers';
export { hashFile } from './hash';
export { walkFolder, isIngestibleFile, isIgnoredPath, isSupportedFile } from './scan';
export { createKnowledgeIngestion, type KnowledgeIngestion, type KnowledgeIngestionDeps } from './capability';

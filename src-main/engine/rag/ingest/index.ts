export { IngestService, type IngestServiceDeps, type EnqueueOptions } from './service';
export type { ProcessorOptions } from './processor';
export { IngestRepository } from './repository';
export { ingestHandlers, uploadHandlers, type IngestHandlerDeps } from './handlers';
export { UploadService, type UploadServiceDeps } from './upload';
export { hashFile } from './hash';
export { walkFolder, isIngestibleFile, isIgnoredPath, isSupportedFile } from './scan';
export { createKnowledgeIngestion, type KnowledgeIngestion, type KnowledgeIngestionDeps } from './capability';

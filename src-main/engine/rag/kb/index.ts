export { KnowledgeBaseService, type KnowledgeBaseServiceDeps } from './service';
export { KbEmbedders, type EmbedderFactory } from './embedders';
export { KbDocumentInput, KbDocumentRepository, MAX_TITLE_CHARS, type KbDocumentFailure } from './documents';
export { knowledgeHandlers } from './handlers';

// The knowledge graph of knowledge bases: links and key terms found at ingestion, related documents.
export { KnowledgeGraphService, type KnowledgeGraphDeps } from './service';
export { kbGraphHandlers } from './handlers';
export { replaceDocumentGraph, type DocumentGraph } from './repository';
export { resolveLinks, type ResolvedLink } from './resolve';
export { keyTerms, KeyTerm } from './extract-terms';

export { searchKnowledge, type SearchDeps, type SearchParams, type SearchTarget } from './search';
export { keywordSearch, usesSearchSyntax, type KeywordMatch, type KeywordOptions } from './keyword';
export { reciprocalRankFusion, DEFAULT_RRF_K, type FusedItem } from './fusion';
export { noReranker, type Reranker } from './rerank';
export { loadChunks, toKbChunk, type LoadedChunk } from './hits';

// The RAG engine's public surface: parsing, chunking and embedding. Import from here.
export { createDocumentParser, type DocumentParser, type DocumentParserOptions, type ParseOptions } from './parse/parser';
export { ParseLimits, type ParseLimitsInput } from './parse/limits';
export type { ParseTaskResult } from './parse/protocol';
export { DocumentParseError, isDocumentParseError, toParseFailure } from './parse/errors';
export { detectFormat, supportedExtensions } from './parse/detect';

export { chunkDocument, type ChunkingOptionsInput } from './chunk/chunker';
export { citationFor } from './chunk/citation';
export {
  charsTokenizer,
  loadHuggingFaceTokenizer,
  loadTokenizer,
  TokenizerSpec,
  type Tokenizer,
  type TokenizerSpecInput,
} from './chunk/tokenizer';

export {
  cosineSimilarity,
  embeddingSpaceOf,
  embeddingSpacesCompatible,
  type Embedder,
  type EmbedOptions,
} from './embed/embedder';
export { createEmbedder, embedderConfigsCompatible, configMatchesSpace, embedderIdOf, type EmbedderDeps } from './embed/create';
export { createLocalEmbedder, type LocalEmbedderOptions } from './embed/local';
export { createOllamaEmbedder, type OllamaEmbedderOptions } from './embed/ollama';
export { createOpenAIEmbedder, type OpenAIEmbedderOptions } from './embed/openai';
export { defaultModelsDir, isLocalModelPresent, LOCAL_MODELS, type LocalModelName } from './embed/models';

/** The tokenizer spec matching a local model, for chunking to that model's token budget. */
export { localTokenizerSpec } from './embed/local-tokenizer';

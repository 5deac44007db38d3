import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { KbDocument, KnowledgeBase } from '@shared/api/knowledge';
import type { Chunk, DocumentFormat } from '@shared/entities/rag';
import { AppError } from '@shared/errors';
import type { TokenizerSpecInput } from '../chunk/tokenizer';
import type { Db } from '../../store/types';
import { embeddingSpaceOf, embeddingSpacesCompatible, type Embedder } from '../embed/embedder';
import { replaceDocumentGraph, resolveLinks } from '../graph/index';
import { localTokenizerSpec } from '../embed/local-tokenizer';
import { KbDocumentInput, MAX_TITLE_CHARS, type KbEmbedders, type KnowledgeBaseService } from '../kb/index';
import { detectFormat } from '../parse/detect';
import type { DocumentParser } from '../parse/parser';
import type { ParseTaskResult } from '../parse/protocol';
import type { EmbeddedChunk, VectorStore } from '../store/types';
import { failureOf, isCancelled, missingFailure, type IngestStage } from './failure';
import { hashFile } from './hash';
import type { ExistingDocument } from './repository';
import type { ItemResult, ItemRow, JobRow } from './rows';

export interface PipelineDeps {
  kb: KnowledgeBaseService;
  /** The vector stores; a document's chunks are replaced through its store's atomic replace. */
  stores: { get(kind: KnowledgeBase['storeKind']): VectorStore };
  embedders: KbEmbedders;
  parser: DocumentParser;
  /** Where the local models are (for the local embedder's tokenizer). */
  modelsDir?: string;
  /** Texts per embedding request (default 64). */
  embedBatchSize?: number;
}

/** A claimed file, its job, and the document it already is (if any). */
export interface Claimed {
  item: ItemRow;
  job: JobRow;
  existing: ExistingDocument | undefined;
}

/** What an item's processing produced: its record, and the document change to announce. */
export interface ItemOutcome {
  result: ItemResult;
  document?: KbDocument;
  deleted?: { id: string; path: string };
}

interface KbContext {
  kb: KnowledgeBase;
  embedder: Embedder;
  tokenizer: TokenizerSpecInput;
}

/** Chars-per-token estimate for remote models whose tokenizer is not at hand. */
const REMOTE_TOKENIZER: TokenizerSpecInput = { kind: 'chars', charsPerToken: 4 };

class StageError extends Error {
  constructor(
    readonly stage: IngestStage,
    readonly original: unknown,
  ) {
    super(original instanceof Error ? original.message : String(original));
  }
}

async function stage<T>(name: IngestStage, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw new StageError(name, error);
  }
}

/**
 * One file through the pipeline: hash → (unchanged? skip) → parse and chunk in a worker process
 * with the knowledge base's tokenizer → embed in batches (off the main thread) → replace the
 * document's chunks, links and key terms atomically. A vanished file's document is removed. A
 * failure stores no chunks (a document's earlier chunks stay) and is recorded on the document with
 * its reason.
 */
export class IngestPipeline {
  private readonly contexts = new Map<string, { at: number; context: Promise<KbContext> }>();

  constructor(private readonly deps: PipelineDeps) {}

  async process({ item, job, existing }: Claimed, signal: AbortSignal): Promise<ItemOutcome> {
    const info = await stat(item.path).catch(() => undefined);
    if (!info?.isFile()) {
      if (!existing) return { result: { status: 'failed', error: missingFailure(item.path) } };
      await this.deps.kb.deleteDocument(existing.id);
      return { result: { status: 'removed', documentId: existing.id }, deleted: { id: existing.id, path: item.path } };
    }
    let hash: string | undefined;
    let bytes = info.size;
    let parsed: ParseTaskResult | undefined;
    try {
      ({ hash, bytes } = await stage('read', () => hashFile(item.path, signal)));
      if (!job.force && existing?.status === 'ready' && existing.contentHash === hash) {
        return { result: { status: 'skipped', documentId: existing.id, contentHash: hash, bytes } };
      }
      const context = await stage('embed', () => this.context(item.kbId));
      parsed = await stage('parse', () =>
        this.deps.parser.parseFile(item.path, {
          signal,
          chunking: {
            documentId: item.id,
            tokenizer: context.tokenizer,
            maxTokens: context.kb.chunking.maxTokens,
            overlapTokens: context.kb.chunking.overlapTokens,
          },
        }),
      );
      const chunks = parsed.chunks ?? [];
      const vectors = await stage('embed', () => this.embed(context.embedder, chunks, signal));
      if (signal.aborted) throw new AppError('CANCELLED', 'Ingestion was cancelled.');
      const document = await stage('store', () =>
        this.deps.kb.documents.upsert(
          item.kbId,
          KbDocumentInput.parse({
            path: item.path,
            title: (parsed?.document.title?.trim() || basename(item.path)).slice(0, MAX_TITLE_CHARS),
            format: parsed!.document.format,
            tags: job.tags.length ? job.tags : (existing?.tags ?? []),
            bytes,
            contentHash: hash,
          }),
        ),
      );
      const embedded: EmbeddedChunk[] = chunks.map((chunk, i) => ({ chunk: { ...chunk, documentId: document.id }, embedding: vectors[i]! }));
      const spec = { kbId: item.kbId, dimensions: context.kb.embedding.dimensions };
      await stage('store', async () => {
        // The document's links and key terms change with its chunks, in the same transaction.
        const graph = { links: resolveLinks(item.path, parsed!.document.links ?? [], chunks), terms: parsed!.terms ?? [] };
        const alsoWrite = (tx: Db) => replaceDocumentGraph(tx, item.kbId, document.id, graph);
        await this.deps.stores.get(context.kb.storeKind).replaceDocument(spec, document.id, embedded, { signal, alsoWrite });
        await this.deps.kb.documents.setStatus(document.id, 'ready');
      });
      return {
        result: { status: 'done', documentId: document.id, contentHash: hash, bytes, chunks: chunks.length },
        document: { ...document, status: 'ready', error: null, chunkCount: chunks.length, updatedAt: new Date().toISOString() },
      };
    } catch (error) {
      const original = error instanceof StageError ? error.original : error;
      if (isCancelled(original, signal)) return { result: { status: 'cancelled', error: failureOf('read', original) } };
      const failure = failureOf(error instanceof StageError ? error.stage : 'store', original);
      const document = await this.recordFailure(item, job, existing?.tags ?? [], {
        format: parsed?.document.format ?? detectFormat(item.path)?.format ?? 'text',
        bytes,
        hash,
        failure,
      });
      return { result: { status: 'failed', documentId: document?.id ?? null, bytes, error: failure }, ...(document ? { document } : {}) };
    }
  }

  /** The knowledge base's settings, embedder and tokenizer, cached for a few seconds. */
  private context(kbId: string): Promise<KbContext> {
    const cached = this.contexts.get(kbId);
    if (cached && Date.now() - cached.at < 5_000) return cached.context;
    const context = (async () => {
      const kb = await this.deps.kb.get(kbId);
      const embedder = await this.deps.embedders.get(kb.embedder);
      const space = embeddingSpaceOf(embedder);
      if (!embeddingSpacesCompatible(space, kb.embedding)) {
        throw new AppError('CONFIG', `"${kb.name}" holds vectors of ${kb.embedding.model} (${kb.embedding.dimensions} dimensions); the embedder now gives ${space.model} (${space.dimensions}).`, {
          hint: 'Switch the knowledge base back to the model it was built with, or create a new knowledge base for this model.',
        });
      }
      const tokenizer = kb.embedder.provider === 'local' ? localTokenizerSpec(kb.embedder.model, this.deps.modelsDir, this.deps.embedders.localModels) : REMOTE_TOKENIZER;
      return { kb, embedder, tokenizer };
    })();
    context.catch(() => this.contexts.delete(kbId));
    this.contexts.set(kbId, { at: Date.now(), context });
    return context;
  }

  private async embed(embedder: Embedder, chunks: readonly Chunk[], signal: AbortSignal): Promise<Float32Array[]> {
    const size = this.deps.embedBatchSize ?? 64;
    const out: Float32Array[] = [];
    for (let i = 0; i < chunks.length; i += size) {
      if (signal.aborted) throw new AppError('CANCELLED', 'Embedding was cancelled.');
      const texts = chunks.slice(i, i + size).map((c) => c.text);
      const vectors = await embedder.embed(texts, { signal });
      if (vectors.length !== texts.length) {
        throw new AppError('PROVIDER_ERROR', `${embedder.model} returned ${vectors.length} vectors for ${texts.length} texts.`);
      }
      out.push(...vectors);
    }
    return out;
  }

  /** Registers the file's failure on its document (created if new); earlier chunks are kept. */
  private async recordFailure(
    item: ItemRow,
    job: JobRow,
    tags: string[],
    what: { format: DocumentFormat; bytes: number; hash: string | undefined; failure: ItemResult['error'] & object },
  ): Promise<KbDocument | undefined> {
    try {
      const document = await this.deps.kb.upsertDocument(item.kbId, {
        path: item.path,
        title: basename(item.path),
        format: what.format,
        tags: job.tags.length ? job.tags : tags,
        bytes: what.bytes,
        ...(what.hash ? { contentHash: what.hash } : {}),
      });
      const { reason, code, message, hint } = what.failure;
      await this.deps.kb.markFailed(document.id, { code, message, reason, ...(hint ? { hint } : {}) });
      return await this.deps.kb.documents.get(document.id);
    } catch {
      return undefined; // the item still records the failure
    }
  }
}

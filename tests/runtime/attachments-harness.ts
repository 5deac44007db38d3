import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { MethodInput, MethodName, MethodOutput } from '@shared/api/index';
import type { AppError } from '@shared/errors';
import { unwrapResult } from '@shared/wire';
import { createEngine, type Engine } from '../../src-main/engine/engine';
import { createRouter, type Router } from '../../src-main/transport/router';
import { defaultResponder, startFakeOllama, type FakeLlm } from '../fakes/index';

/** A long text (well over 8,000 characters) with one fact hidden in the middle. */
export function longReport(): string {
  const filler = (i: number) => `Section ${i}. The quarterly figures for the northern depots were reviewed and filed without remarks.`;
  const lines = Array.from({ length: 120 }, (_, i) => filler(i));
  lines.splice(60, 0, 'The spare key of the lighthouse is kept under the blue flowerpot by the harbour gate.');
  return lines.join('\n\n');
}

export interface AttachmentsEngine {
  readonly engine: Engine;
  readonly fake: FakeLlm;
  /** A folder for files attached by path. */
  readonly files: string;
  /** A method through the engine's router, as every transport calls it. */
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  /** The error a call fails with (a call that succeeds fails the test). */
  failure(p: Promise<unknown>): Promise<AppError>;
  /** Uploads files as a browser does (chunked base64) and answers their attachments. */
  upload(items: Record<string, Buffer | string>): Promise<MethodOutput<'attachments.upload.finish'>>;
}

/**
 * An engine for the attachment tests (PGlite in memory, the real parser and local embedder, a fake
 * Ollama that records every chat), started before the suite's tests and closed after them.
 */
export function useAttachmentsEngine(prefix: string): AttachmentsEngine {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const files = mkdtempSync(join(tmpdir(), `${prefix}files-`));
  let engine: Engine | undefined;
  let fake: FakeLlm | undefined;
  let router: Router | undefined;
  const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
    unwrapResult(await router!.dispatch(method, input, { origin: 'internal' }));

  beforeAll(async () => {
    fake = await startFakeOllama({ respond: defaultResponder });
    engine = await createEngine({ dataDir, mode: 'headless', version: 'test', store: { kind: 'pglite-memory' }, env: { OLLAMA_HOST: fake.url } });
    router = createRouter(engine.handlers);
  }, 60_000);
  afterAll(async () => {
    await engine?.close();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(files, { recursive: true, force: true });
  });

  return {
    get engine() {
      return engine!;
    },
    get fake() {
      return fake!;
    },
    files,
    call,
    failure: async (p) =>
      p.then(
        () => {
          throw new Error('expected a failure');
        },
        (e: AppError) => e,
      ),
    async upload(items) {
      const entries = Object.entries(items).map(([name, body]) => [name, Buffer.from(body)] as const);
      const { uploadId, chunkBytes } = await call('attachments.upload.begin', {
        files: entries.map(([relativePath, b]) => ({ relativePath, bytes: b.length })),
      });
      for (const [i, [, bytes]] of entries.entries()) {
        for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
          await call('attachments.upload.chunk', { uploadId, file: i, offset, dataBase64: bytes.subarray(offset, offset + chunkBytes).toString('base64') });
        }
      }
      return call('attachments.upload.finish', { uploadId });
    },
  };
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectModelFolder } from './folder';
import { LocalModelRegistry, type UserModel } from './registry';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'af-model-registry-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A folder with the files of the transformers.js layout (contents only as far as the checks read them). */
function modelFolder(files: Record<string, string>): string {
  const dir = join(root, 'model');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const user: UserModel = { name: 'bge-small', source: 'folder', dir: '/models/bge', dtype: 'q8', dimensions: 384, maxTokens: 512 };

describe('local model registry', () => {
  it('keeps user models in the data folder across instances and resolves names for the embedder', () => {
    const registry = new LocalModelRegistry(root, '/shipped');
    registry.add(user);
    expect(() => registry.add({ ...user, dir: '/elsewhere' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => registry.add({ ...user, name: 'all-MiniLM-L6-v2' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));

    const reopened = new LocalModelRegistry(root, '/shipped');
    expect(reopened.list().map((m) => [m.name, m.source, m.dir])).toEqual([
      ['all-MiniLM-L6-v2', 'builtin', '/shipped/onnx-community/all-MiniLM-L6-v2-ONNX'],
      ['bge-small', 'folder', '/models/bge'],
    ]);
    expect(reopened.lookup('bge-small')).toEqual({ name: 'bge-small', repo: '/models/bge', dtype: 'q8', dimensions: 384, maxTokens: 512 });
    expect(reopened.lookup('all-MiniLM-L6-v2')).toMatchObject({ repo: 'onnx-community/all-MiniLM-L6-v2-ONNX', dimensions: 384 });
    expect(() => reopened.lookup('nope')).toThrow(
      expect.objectContaining({ code: 'VALIDATION', hint: expect.stringContaining('all-MiniLM-L6-v2, bge-small') }),
    );
    expect(reopened.remove('bge-small')?.dir).toBe('/models/bge');
    expect(new LocalModelRegistry(root).list().map((m) => m.name)).toEqual(['all-MiniLM-L6-v2']);
  });

  it('reports an unreadable registry file and starts empty', () => {
    mkdirSync(join(root, 'models'));
    writeFileSync(join(root, 'models', 'local-models.json'), '{ not json');
    const registry = new LocalModelRegistry(root);
    expect(registry.problem).toMatch(/could not be read/);
    expect(registry.list().map((m) => m.name)).toEqual(['all-MiniLM-L6-v2']);
  });
});

describe('model folder checks', () => {
  const base = { 'config.json': '{"max_position_embeddings": 8192}', 'tokenizer.json': '{}', 'tokenizer_config.json': '{"model_max_length": 1e30}' };

  it('picks the preferred weights present and reads the input length, capped', () => {
    const dir = modelFolder({ ...base, 'onnx/model_q4.onnx': '', 'onnx/model_quantized.onnx': '', 'sentence_bert_config.json': '{"max_seq_length": 128}' });
    expect(inspectModelFolder(dir)).toEqual({ dtype: 'q8', maxTokens: 128 });
    expect(inspectModelFolder(dir, 'q4')).toEqual({ dtype: 'q4', maxTokens: 128 });
    rmSync(join(dir, 'sentence_bert_config.json'));
    expect(inspectModelFolder(dir).maxTokens).toBe(512);
  });

  it('names what is missing', () => {
    const dir = modelFolder({ 'config.json': '{}', 'tokenizer_config.json': '{}', 'onnx/model.onnx': '' });
    expect(() => inspectModelFolder(dir)).toThrow(expect.objectContaining({ code: 'VALIDATION', message: expect.stringContaining('tokenizer.json') }));
    expect(() => inspectModelFolder(dir, 'fp16')).toThrow(expect.objectContaining({ message: expect.stringContaining('onnx/model_fp16.onnx') }));
    expect(() => inspectModelFolder('relative/dir')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => inspectModelFolder(join(root, 'none'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

import { describe, expect, it } from 'vitest';
import type { IngestJob } from '@shared/api/ingest';
import type { EventPayload } from '@shared/api/index';
import type { KbDocument, KnowledgeBase } from '@shared/api/knowledge';
import { splitAnswer } from './answer-text';
import { applyDocumentChange } from './documents-model';
import { chunkLocation, displayPath, formatBytes, pagesLabel } from './format';
import { applyItems, applyJob, applyProgress, jobsOf } from './ingest-store';
import { emptyKbValues, toKbPatch, validateKb, valuesFromKb } from './kb-form-model';
import { applyKbChange } from './kb-store';
import { batches, parsePathList, sortPicked } from './send-files';

const counts = (done = 0, total = 3) => ({
  total,
  done,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  chunks: done * 2,
});
const progress = (
  status: IngestJob['status'],
  done: number,
  file?: string,
): EventPayload<'kb.ingest.progress'> => ({
  jobId: 'job-1',
  kbId: 'kb-1',
  status,
  counts: counts(done),
  currentFile: null,
  file: file ? { path: file, status: 'done', documentId: 'doc-1', chunks: 2, error: null } : null,
});
const job = (status: IngestJob['status'], done: number): IngestJob => ({
  id: 'job-1',
  kbId: 'kb-1',
  source: 'manual',
  status,
  paths: ['/a'],
  counts: counts(done),
  currentFile: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  startedAt: null,
  finishedAt: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const kb = (revision: number, chunks = 0): KnowledgeBase => ({
  id: 'kb-1',
  name: 'Notes',
  description: '',
  storeKind: 'pgvector',
  embedder: { provider: 'local', model: 'all-MiniLM-L6-v2' },
  embedding: { embedderId: 'local:q4', model: 'all-MiniLM-L6-v2', dimensions: 384 },
  chunking: { maxTokens: 256, overlapTokens: 32 },
  counts: { documents: 1, failed: 0, chunks },
  revision,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: `2026-01-01T00:00:0${revision}.000Z`,
});

describe('ingestion progress', () => {
  it('follows events in order and keeps each file once, in the order first heard of', () => {
    let jobs = applyProgress({}, progress('running', 1, '/a/x.md'), 1);
    jobs = applyProgress(jobs, progress('running', 2, '/a/y.md'), 2);
    jobs = applyProgress(
      jobs,
      {
        ...progress('done', 3, '/a/x.md'),
        file: { path: '/a/x.md', status: 'failed', documentId: null, chunks: 0, error: null },
      },
      3,
    );
    expect(jobs['job-1']).toMatchObject({ status: 'done', counts: { done: 3 } });
    expect(jobs['job-1']!.files.map((f) => [f.path, f.status])).toEqual([
      ['/a/x.md', 'failed'],
      ['/a/y.md', 'done'],
    ]);
  });

  it('never lets a call answer older than the events roll the progress back', () => {
    const since = 0;
    let jobs = applyProgress({}, progress('running', 2), 1);
    jobs = applyJob(jobs, job('pending', 0), since, 2);
    expect(jobs['job-1']).toMatchObject({
      status: 'running',
      counts: { done: 2 },
      source: 'manual',
    });
    // With no event since the call started, the answer is the newest word.
    jobs = applyJob(jobs, job('done', 3), 2, 3);
    expect(jobs['job-1']).toMatchObject({ status: 'done', counts: { done: 3 } });
  });

  it('merges loaded files, keeping those an event updated meanwhile', () => {
    let jobs = applyJob({}, job('running', 1), 0, 1);
    jobs = applyProgress(jobs, progress('running', 2, '/a/x.md'), 2);
    const item = (path: string, status: 'pending' | 'done') => ({
      id: path,
      jobId: 'job-1',
      path,
      status,
      documentId: null,
      chunks: 0,
      bytes: 1,
      attempts: 0,
      error: null,
      updatedAt: '',
    });
    jobs = applyItems(
      jobs,
      'job-1',
      [item('/a/x.md', 'pending'), item('/a/z.md', 'pending')],
      1,
      3,
    );
    expect(jobs['job-1']!.files.map((f) => [f.path, f.status])).toEqual([
      ['/a/x.md', 'done'],
      ['/a/z.md', 'pending'],
    ]);
    expect(jobsOf(jobs, 'kb-1').map((j) => j.id)).toEqual(['job-1']);
    expect(jobsOf(jobs, 'other')).toEqual([]);
  });
});

describe('knowledge-base changes', () => {
  it('takes newer revisions and same-revision count updates, never older revisions', () => {
    let byId = applyKbChange({}, { kind: 'upserted', knowledgeBase: kb(2) });
    byId = applyKbChange(byId, { kind: 'upserted', knowledgeBase: kb(1) });
    expect(byId['kb-1']!.revision).toBe(2);
    byId = applyKbChange(byId, { kind: 'upserted', knowledgeBase: kb(2, 40) });
    expect(byId['kb-1']!.counts.chunks).toBe(40);
    expect(applyKbChange(byId, { kind: 'deleted', id: 'kb-1' })).toEqual({});
  });
});

describe('the knowledge-base form', () => {
  it('validates with the contract and says what is wrong beside each field', () => {
    expect(validateKb(emptyKbValues).fields).toEqual({ name: 'Name is required' });
    const bad = validateKb({ ...emptyKbValues, name: 'x', maxTokens: '100', overlapTokens: '60' });
    expect(bad.fields.overlapTokens).toBe('Overlap must be less than half the chunk size');
    expect(validateKb({ ...emptyKbValues, name: 'x', maxTokens: '' }).fields.maxTokens).toMatch(
      /chunk size/,
    );
    expect(
      validateKb({ ...emptyKbValues, name: 'x', provider: 'ollama', model: '' }).fields.model,
    ).toBe('Choose an embedding model');
  });

  it('sends only what changed', () => {
    const base = kb(1);
    expect(toKbPatch(valuesFromKb(base), base)).toEqual({});
    expect(toKbPatch({ ...valuesFromKb(base), name: 'Renamed', maxTokens: '512' }, base)).toEqual({
      name: 'Renamed',
      chunking: { maxTokens: 512, overlapTokens: 32 },
    });
  });
});

describe('documents and files', () => {
  const doc = (id: string, status: KbDocument['status']): KbDocument => ({
    id,
    kbId: 'kb-1',
    path: `/d/${id}`,
    title: id,
    format: 'text',
    tags: [],
    status,
    error: null,
    bytes: 1,
    chunkCount: 1,
    createdAt: '',
    updatedAt: '',
  });

  it('applies document events to a filtered page', () => {
    const page = { documents: [doc('a', 'pending')], total: 1 };
    const ready = applyDocumentChange(
      page,
      { kind: 'upserted', kbId: 'kb-1', document: doc('a', 'ready') },
      'kb-1',
      'pending',
    );
    expect(ready).toEqual({ documents: [], total: 0 });
    const added = applyDocumentChange(
      page,
      { kind: 'upserted', kbId: 'kb-1', document: doc('b', 'ready') },
      'kb-1',
      'all',
    );
    expect(added.documents.map((d) => d.id)).toEqual(['b', 'a']);
    expect(
      applyDocumentChange(
        page,
        { kind: 'deleted', kbId: 'other', id: 'a', path: '' },
        'kb-1',
        'all',
      ),
    ).toBe(page);
  });

  it('sends files with a path by path, uploads the others, and refuses what cannot be added', () => {
    const withPath = new File(['x'], 'a.md');
    const without = new File(['yy'], 'b.md');
    const huge = new File(['z'], 'huge.pdf');
    Object.defineProperty(huge, 'size', { value: 65 * 1024 * 1024 });
    const sorted = sortPicked(
      [
        { file: withPath, relativePath: 'a.md' },
        { file: without, relativePath: 'docs/b.md' },
        { file: new File(['b'], 'b.md'), relativePath: 'docs/b.md' },
        { file: huge, relativePath: 'huge.pdf' },
        { file: new File(['c'], 'c.md'), relativePath: '../c.md' },
      ],
      (f) => (f === withPath ? '/home/me/a.md' : undefined),
    );
    expect(sorted.paths).toEqual(['/home/me/a.md']);
    expect(sorted.uploads).toEqual([{ file: without, relativePath: 'docs/b.md' }]);
    expect(sorted.rejected.map((r) => [r.relativePath, r.failure.reason])).toEqual([
      ['docs/b.md', 'duplicate_name'],
      ['huge.pdf', 'too_large'],
      ['../c.md', 'invalid_name'],
    ]);
    expect(sorted.rejected[1]!.failure.message).toBe(
      'huge.pdf has 65 MB; a document may have at most 64 MB.',
    );
    expect(batches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(parsePathList(' /a \n\n/b\r\n/a')).toEqual(['/a', '/b']);
  });

  it('formats sizes and chunk locations', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(pagesLabel({ pageStart: 3, pageEnd: 5 })).toBe('pp. 3–5');
    expect(pagesLabel({ pageStart: 3, pageEnd: 3 })).toBe('p. 3');
    expect(
      chunkLocation({
        id: 'c',
        documentId: 'd',
        index: 0,
        text: '',
        start: 10,
        end: 1200,
        pageStart: 2,
        pageEnd: 2,
        headingPath: ['Guide', 'Setup'],
        kind: 'text',
        tokenCount: 3,
      }),
    ).toEqual(['p. 2', 'Guide › Setup', 'chars 10–1,200']);
  });
});

describe('answer citations', () => {
  it('links markers of known sources and leaves other brackets as text', () => {
    const parts = splitAnswer('Use the valve [1, 2]. See table [7] and [3].', (n) => n <= 3);
    expect(parts).toEqual([
      { kind: 'text', text: 'Use the valve ' },
      { kind: 'cite', text: '[1, 2]', numbers: [1, 2] },
      { kind: 'text', text: '. See table [7] and ' },
      { kind: 'cite', text: '[3]', numbers: [3] },
      { kind: 'text', text: '.' },
    ]);
  });
});

describe('displayPath', () => {
  const kbId = '10ae0f87-b319-4c49-9ad1-f8bd81ce4b68';
  it('shows an uploaded file by its path inside the drop, on POSIX and Windows servers', () => {
    expect(
      displayPath(`/home/me/.local/share/agent-factory/uploads/${kbId}/notes/valve.md`, kbId),
    ).toBe('uploaded: notes/valve.md');
    expect(
      displayPath(`C:\\Users\\me\\AppData\\Agent Factory\\uploads\\${kbId}\\a\\b.txt`, kbId),
    ).toBe('uploaded: a/b.txt');
  });
  it('leaves other paths alone, including another knowledge base’s uploads', () => {
    expect(displayPath('/home/me/notes/valve.md', kbId)).toBe('/home/me/notes/valve.md');
    const other = '/data/uploads/00000000-0000-4000-8000-000000000000/valve.md';
    expect(displayPath(other, kbId)).toBe(other);
  });
});

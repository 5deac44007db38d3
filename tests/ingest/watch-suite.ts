import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventPayload } from '@shared/api/index';
import { WatchService } from '../../src-main/engine/rag/watch/index';
import { BAG_OF_WORDS, type IngestHarness } from './harness';
import type { Suite } from './suite';

/** Waits (polling) until `check` holds; fails with `what` after a generous deadline. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Folder watching: the first scan, then additions, changes and deletions as they happen. */
export function watchSuite({ h: harness, store, folder }: Suite): void {
  describe('watched folders', () => {
    let h: IngestHarness;
    let watches: WatchService;
    let dir: string;
    let kbId: string;
    const watchEvents: Array<EventPayload<'kb.watch.changed'>> = [];

    const paths = async () =>
      (await h.kb.listDocuments(kbId, { limit: 100 })).documents
        .filter((d) => d.status === 'ready')
        .map((d) => d.path.slice(dir.length + 1))
        .sort();
    const hasPaths = (expected: string[]) => async () => JSON.stringify(await paths()) === JSON.stringify(expected);

    beforeAll(async () => {
      h = harness();
      watches = new WatchService({
        db: store().db,
        bus: h.bus,
        ingest: h.ingest,
        knowledgeBase: (id) => h.kb.get(id),
        debounceMs: 100,
        onError: (message, error) => h.errors.push(`${message}: ${String(error)}`),
      });
      await watches.start();
      h.bus.subscribe('kb.watch.changed', (e) => watchEvents.push(e));
      dir = folder('watched');
      mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
      writeFileSync(join(dir, 'alpha.md'), '# Alpha\n\nThe alpine meadow is green.\n');
      writeFileSync(join(dir, 'beta.txt'), 'Beta talks about beetles.\n');
      writeFileSync(join(dir, '.hidden.md'), 'hidden file');
      writeFileSync(join(dir, 'node_modules', 'dep', 'readme.md'), 'a dependency');
      writeFileSync(join(dir, 'image.png'), 'png bytes');
      kbId = (await h.kb.create({ name: 'Watched', embedder: BAG_OF_WORDS })).id;
    });
    afterAll(async () => {
      await watches?.close();
    });

    it('ingests a folder when it is watched, ignoring hidden files, node_modules and unsupported types', async () => {
      const watch = await watches.add(kbId, dir);
      expect(watch).toMatchObject({ kbId, path: dir, status: 'watching', error: null });
      expect(watchEvents.at(-1)).toMatchObject({ kind: 'upserted', watch: { id: watch.id } });
      await until('the first scan', hasPaths(['alpha.md', 'beta.txt']));
      expect(await watches.list(kbId)).toEqual([expect.objectContaining({ id: watch.id, status: 'watching', lastScanAt: expect.any(String) })]);
    });

    it('follows additions, changes and deletions, in sub-folders too', async () => {
      writeFileSync(join(dir, 'gamma.md'), '# Gamma\n\nGamma rays from the galaxy.\n');
      writeFileSync(join(dir, 'alpha.md'), '# Alpha\n\nThe alpine glacier is melting.\n');
      rmSync(join(dir, 'beta.txt'));
      writeFileSync(join(dir, '.another-hidden.md'), 'still hidden');
      writeFileSync(join(dir, 'node_modules', 'dep', 'changelog.md'), 'ignored');
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'delta.txt'), 'Delta of the river.\n');
      await until('the changes', hasPaths(['alpha.md', 'gamma.md', 'sub/delta.txt']));
      await until('the new text of alpha.md', async () => (await h.kb.search({ kbIds: [kbId], query: 'glacier', mode: 'keyword' })).hits.length === 1);
      expect((await h.kb.search({ kbIds: [kbId], query: 'meadow', mode: 'keyword' })).hits).toEqual([]);

      rmSync(join(dir, 'sub'), { recursive: true });
      await until('the removed folder', hasPaths(['alpha.md', 'gamma.md']));
      const sources = new Set((await h.ingest.jobs({ kbId })).map((j) => j.source));
      expect([...sources]).toEqual(['watch']);
    });

    it('rejects relative, missing and duplicate folders', async () => {
      await expect(watches.add(kbId, 'relative/dir')).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(watches.add(kbId, join(dir, 'alpha.md'))).rejects.toMatchObject({ code: 'VALIDATION' });
      await expect(watches.add(kbId, dir)).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(watches.add('no-such-kb', dir)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('reports a folder that went missing, and resumes when it is back', async () => {
      const other = folder('other');
      writeFileSync(join(other, 'one.md'), 'One note.\n');
      const watch = await watches.add(kbId, other);
      rmSync(other, { recursive: true });
      await watches.rescanAll();
      expect((await watches.list(kbId)).find((w) => w.id === watch.id)).toMatchObject({ status: 'error', error: expect.stringContaining('missing') });
      mkdirSync(other);
      writeFileSync(join(other, 'two.md'), 'Two notes.\n');
      await watches.rescanAll();
      expect((await watches.list(kbId)).find((w) => w.id === watch.id)).toMatchObject({ status: 'watching', error: null });
      await until('the folder back', async () =>
        (await h.kb.listDocuments(kbId, { limit: 100 })).documents.some((d) => d.path === join(other, 'two.md') && d.status === 'ready'),
      );
      expect(await watches.remove(watch.id)).toBe(true);
      expect(await watches.remove(watch.id)).toBe(false);
      expect(watchEvents.at(-1)).toEqual({ kind: 'deleted', id: watch.id });
      expect((await watches.list(kbId)).map((w) => w.path)).toEqual([dir]);
    });
  });
}

import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  createLocalEmbedder,
  defaultModelsDir,
  isLocalModelPresent,
} from '../../src-main/engine/rag/index';

/** This process's children running the local embedding worker. */
function embedWorkers(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (
        ppid === process.pid &&
        readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('local-worker')
      )
        pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

describe.runIf(process.platform === 'linux')('local embedder worker lifecycle', () => {
  it(
    'starts its worker process on the first embedding, not before, and stops it when idle',
    { timeout: 180_000 },
    async () => {
      expect(
        isLocalModelPresent(defaultModelsDir()),
        'run `node scripts/fetch-model.mjs` first',
      ).toBe(true);
      const before = embedWorkers();
      const embedder = createLocalEmbedder({ idleMs: 300 });
      try {
        expect(embedWorkers()).toEqual(before);
        const [vector] = await embedder.embed(['started on first use']);
        expect(vector).toHaveLength(384);
        const started = embedWorkers().filter((pid) => !before.includes(pid));
        expect(started).toHaveLength(1);
        await vi.waitFor(() => expect(embedWorkers()).not.toContain(started[0]), {
          timeout: 60_000,
          interval: 100,
        });
        // And comes back on the next use.
        await embedder.embed(['again']);
        expect(embedWorkers().filter((pid) => !before.includes(pid))).toHaveLength(1);
      } finally {
        await embedder.close?.();
      }
    },
  );
});

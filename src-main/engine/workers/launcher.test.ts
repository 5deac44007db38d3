import { afterEach, describe, expect, it } from 'vitest';
import { createDocumentParser } from '../rag/parse/parser';
import { forkLauncher, useProcessLauncher, type ProcessLauncher } from './spawn';

/**
 * The desktop app injects Electron's utilityProcess through this seam (createEngine →
 * useProcessLauncher). Here a launcher that records each start and forks: the real parse worker
 * runs through it, so the pools really go through what was injected.
 */
describe('worker processes start through the launcher set by the composition root', () => {
  afterEach(() => useProcessLauncher(forkLauncher));

  it('parses a document in a process started by the injected launcher', async () => {
    const launched: { path: string; hasInput: boolean }[] = [];
    const recording: ProcessLauncher = {
      kind: 'utility-process',
      launch(path, options) {
        launched.push({ path, hasInput: typeof options.env.AGENT_FACTORY_WORKER_DATA === 'string' });
        return forkLauncher.launch(path, options);
      },
    };
    useProcessLauncher(recording);
    const parser = createDocumentParser({ workers: 1 });
    try {
      const result = await parser.parseBytes(new TextEncoder().encode('Hello from a worker process.'), 'note.txt');
      expect(JSON.stringify(result)).toContain('Hello from a worker process.');
    } finally {
      await parser.close();
    }
    expect(launched).toEqual([{ path: expect.stringMatching(/parse-worker\.ts$/), hasInput: true }]);
  });
});

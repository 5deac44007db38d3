import { appendFileSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WatchTrigger, type WatchEvent } from '@shared/entities/automation';
import { FolderTriggers, foldEvents, type WatchFire } from './watch';

/*
 * Negative checks use a sentinel: a file written after the events that must not fire, watched with
 * the same debounce. Timers of one debounce run in order, so once the sentinel fired, the earlier
 * events would have fired too.
 */

let dir: string;
let triggers: FolderTriggers;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'af-watch-'));
  triggers = new FolderTriggers({ retryMs: 100 });
});
afterEach(async () => {
  await triggers.close();
  rmSync(dir, { recursive: true, force: true });
});

function trigger(over: Partial<WatchTrigger> = {}): WatchTrigger {
  return WatchTrigger.parse({ kind: 'watch', path: dir, debounceMs: 150, ...over });
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function recorder() {
  const fires: WatchFire[] = [];
  return { fires, onFire: (f: WatchFire) => void fires.push(f), names: () => fires.map((f) => `${f.event} ${f.relative}`) };
}

describe('foldEvents', () => {
  it('folds the events of one file within the debounce', () => {
    const fold = (...events: WatchEvent[]) => events.reduce<WatchEvent | null>((prev, e) => foldEvents(prev, e), null);
    expect(fold('add', 'change', 'change')).toBe('add');
    expect(fold('add', 'change', 'unlink')).toBeNull();
    expect(fold('change', 'unlink')).toBe('unlink');
    expect(fold('unlink', 'add')).toBe('change');
    expect(fold('change', 'change')).toBe('change');
    expect(fold('add', 'unlink', 'add')).toBe('add');
  });
});

describe('FolderTriggers', () => {
  it('fires once for an added file, with its absolute and relative path; files already there do not fire', async () => {
    writeFileSync(join(dir, 'before.txt'), 'old');
    const r = recorder();
    await triggers.watch('k', trigger(), r.onFire);
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'new.txt'), 'hello');
    await waitFor(() => r.fires.length > 0, 'the add');
    expect(r.fires[0]).toEqual({ file: join(dir, 'sub', 'new.txt'), relative: 'sub/new.txt', event: 'add' });
    writeFileSync(join(dir, 'sentinel.txt'), 's');
    await waitFor(() => r.names().includes('add sentinel.txt'), 'the sentinel');
    expect(r.names()).toEqual(['add sub/new.txt', 'add sentinel.txt']);
  });

  it('fires only for files matching the globs', async () => {
    const r = recorder();
    await triggers.watch('k', trigger({ globs: ['**/*.pdf'] }), r.onFire);
    writeFileSync(join(dir, 'a.txt'), 'x');
    mkdirSync(join(dir, 'deep'));
    writeFileSync(join(dir, 'deep', 'c.pdf'), 'x');
    writeFileSync(join(dir, 'b.pdf'), 'x');
    await waitFor(() => r.fires.length >= 2, 'the two pdfs');
    expect(r.names().sort()).toEqual(['add b.pdf', 'add deep/c.pdf']);
  });

  it('fires for deletions only when the trigger asks for them', async () => {
    writeFileSync(join(dir, 'gone.txt'), 'x');
    writeFileSync(join(dir, 'gone2.txt'), 'x');
    const addsOnly = recorder();
    const unlinks = recorder();
    await triggers.watch('adds', trigger({ events: ['add'] }), addsOnly.onFire);
    await triggers.watch('unlinks', trigger({ events: ['unlink'] }), unlinks.onFire);
    unlinkSync(join(dir, 'gone.txt'));
    await waitFor(() => unlinks.fires.length === 1, 'the unlink');
    expect(unlinks.fires[0]).toMatchObject({ event: 'unlink', relative: 'gone.txt' });
    // A change is neither an add nor an unlink.
    writeFileSync(join(dir, 'gone2.txt'), 'changed');
    writeFileSync(join(dir, 'sentinel.txt'), 's');
    await waitFor(() => addsOnly.fires.length === 1, 'the sentinel');
    expect(addsOnly.names()).toEqual(['add sentinel.txt']);
    expect(unlinks.names()).toEqual(['unlink gone.txt']);
  });

  it('coalesces a burst of writes to one file into one fire with the folded event', async () => {
    writeFileSync(join(dir, 'existing.log'), 'start\n');
    const r = recorder();
    await triggers.watch('k', trigger({ debounceMs: 1000 }), r.onFire);
    for (let i = 0; i < 5; i++) writeFileSync(join(dir, 'burst.txt'), `version ${i}`);
    for (let i = 0; i < 5; i++) appendFileSync(join(dir, 'existing.log'), `line ${i}\n`);
    writeFileSync(join(dir, 'sentinel.txt'), 's');
    await waitFor(() => r.names().includes('add sentinel.txt'), 'the sentinel');
    expect(r.names().sort()).toEqual(['add burst.txt', 'add sentinel.txt', 'change existing.log']);
  });

  it('stops firing for a key once unwatched, and replaces a key watched again', async () => {
    const gone = recorder();
    const other = recorder();
    await triggers.watch('gone', trigger(), gone.onFire);
    await triggers.watch('other', trigger(), other.onFire);
    await triggers.unwatch('gone');
    expect(triggers.keys()).toEqual(['other']);
    writeFileSync(join(dir, 'after.txt'), 'x');
    await waitFor(() => other.fires.length === 1, 'the other key');
    expect(gone.fires).toEqual([]);

    const first = recorder();
    const second = recorder();
    await triggers.watch('k', trigger(), first.onFire);
    await triggers.watch('k', trigger({ globs: ['*.md'] }), second.onFire);
    writeFileSync(join(dir, 'note.md'), 'x');
    await waitFor(() => second.fires.length === 1, 'the replaced key');
    expect(first.fires).toEqual([]);
  });

  it('reports a missing folder once, then watches it when it appears', async () => {
    const missing = join(dir, 'later');
    const errors: string[] = [];
    const r = recorder();
    await triggers.watch('k', trigger({ path: missing }), r.onFire, (m) => errors.push(m));
    expect(errors).toEqual([`The watched folder ${missing} does not exist: create it or change the trigger's folder (it is looked for again every few seconds).`]);
    await new Promise((resolve) => setTimeout(resolve, 350)); // a few retries
    expect(errors).toHaveLength(1);
    mkdirSync(missing);
    // Written until the watcher picked the folder up (files written before it do not fire).
    let n = 0;
    await waitFor(() => {
      writeFileSync(join(missing, `f${n++}.txt`), 'x');
      return r.fires.length > 0;
    }, 'a file in the new folder');
    expect(r.fires[0]?.event).toBe('add');
    expect(errors).toHaveLength(1);
  });

  it('reports a folder removed while watched and watches it again once it is back', async () => {
    const folder = join(dir, 'inbox');
    mkdirSync(folder);
    const errors: string[] = [];
    const r = recorder();
    await triggers.watch('k', trigger({ path: folder, events: ['add'] }), r.onFire, (m) => errors.push(m));
    rmSync(folder, { recursive: true });
    await waitFor(() => errors.length > 0, 'the report');
    expect(errors[0]).toBe(`The watched folder ${folder} was removed: files are watched again once it is back.`);
    mkdirSync(folder);
    let n = 0;
    await waitFor(() => {
      writeFileSync(join(folder, `f${n++}.txt`), 'x');
      return r.fires.length > 0;
    }, 'a file in the folder made again');
    expect(r.fires[0]?.event).toBe('add');
  });

  it('closes while a watch is starting without hanging', async () => {
    const started = triggers.watch('k', trigger(), () => {});
    await triggers.close();
    await started;
    expect(triggers.keys()).toEqual([]);
  });

  it('refuses a relative folder and reports a path that is a file', async () => {
    await expect(triggers.watch('k', trigger({ path: 'relative/dir' }), () => {})).rejects.toMatchObject({ code: 'VALIDATION' });
    writeFileSync(join(dir, 'file'), 'x');
    const errors: string[] = [];
    await triggers.watch('f', trigger({ path: join(dir, 'file') }), () => {}, (m) => errors.push(m));
    expect(errors[0]).toContain('is not a folder');
  });
});

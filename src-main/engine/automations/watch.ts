import { stat } from 'node:fs/promises';
import { isAbsolute, relative, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import picomatch from 'picomatch';
import type { WatchEvent, WatchTrigger } from '@shared/entities/automation';
import { AppError } from '@shared/errors';

/** What a watch trigger fires with. */
export interface WatchFire {
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the watched folder, with `/` separators. */
  relative: string;
  event: WatchEvent;
}

export interface FolderTriggersOptions {
  /** How often a missing folder is looked for again. */
  retryMs?: number;
}

type OnFire = (fire: WatchFire) => void;
type OnError = (message: string) => void;

/**
 * The events of one file within the debounce, folded into one: an add followed by changes is an
 * add; a file added and deleted again is nothing; deleted and added again is a change.
 */
export function foldEvents(previous: WatchEvent | null, next: WatchEvent): WatchEvent | null {
  if (previous === 'add') return next === 'unlink' ? null : 'add';
  if (previous === 'unlink' && next === 'add') return 'change';
  return next;
}

/** Globs relative to the folder (`**\/*.pdf`); none: every file. */
function matcherOf(globs: readonly string[]): (path: string) => boolean {
  return globs.length ? picomatch([...globs]) : () => true;
}

async function folderProblem(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? null : `The watched path ${path} is not a folder: pick a folder.`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `The watched folder ${path} does not exist: create it or change the trigger's folder (it is looked for again every few seconds).`;
    return `The watched folder ${path} cannot be read (${code ?? String(error)}): check its permissions.`;
  }
}

/** One watched folder of one trigger. */
class FolderTrigger {
  private watcher: FSWatcher | undefined;
  private retry: NodeJS.Timeout | undefined;
  /** Looks every `retryMs` whether the folder is still there (chokidar does not always say when it goes). */
  private check: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, { event: WatchEvent | null; timer: NodeJS.Timeout }>();
  private readonly matches: (path: string) => boolean;
  private closed = false;
  private lastError: string | undefined;
  /** Ends a start that waits for chokidar's listing when the trigger is closed meanwhile. */
  private stopWaiting: (() => void) | undefined;

  constructor(
    private readonly trigger: WatchTrigger,
    private readonly onFire: OnFire,
    private readonly onError: OnError | undefined,
    private readonly retryMs: number,
  ) {
    this.matches = matcherOf(trigger.globs);
  }

  /** Starts watching; resolves once chokidar listed the folder (or once a missing folder was reported). */
  async start(): Promise<void> {
    const problem = await folderProblem(this.trigger.path);
    if (this.closed) return;
    if (problem) {
      this.report(problem);
      this.retry = setTimeout(() => void this.start(), this.retryMs).unref();
      return;
    }
    this.lastError = undefined;
    // chokidar is imported with the first watched folder.
    const { watch } = await import('chokidar');
    if (this.closed) return;
    const root = this.trigger.path;
    const watcher = watch(root, { ignoreInitial: true, followSymlinks: false });
    this.watcher = watcher;
    watcher.on('add', (path) => this.note(path, 'add'));
    watcher.on('change', (path) => this.note(path, 'change'));
    watcher.on('unlink', (path) => this.note(path, 'unlink'));
    watcher.on('unlinkDir', (path) => {
      if (path === root) void this.lost();
    });
    watcher.on('error', (error) => this.report(`Watching ${root} failed: ${error instanceof Error ? error.message : String(error)}`));
    await new Promise<void>((resolve) => {
      this.stopWaiting = resolve;
      watcher.once('ready', () => resolve());
    });
    this.stopWaiting = undefined;
    if (this.closed || this.watcher !== watcher) return;
    this.check = setInterval(() => {
      void folderProblem(root).then((gone) => {
        if (gone) void this.lost();
      });
    }, this.retryMs);
    this.check.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.stopWaiting?.();
    clearTimeout(this.retry);
    clearInterval(this.check);
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    await this.watcher?.close();
    this.watcher = undefined;
  }

  /** The folder itself was deleted: say so and look for it again. */
  private async lost(): Promise<void> {
    const watcher = this.watcher;
    if (!watcher) return;
    this.watcher = undefined;
    clearInterval(this.check);
    await watcher.close();
    if (this.closed) return;
    this.report(`The watched folder ${this.trigger.path} was removed: files are watched again once it is back.`);
    this.retry = setTimeout(() => void this.start(), this.retryMs).unref();
  }

  /** Reports each problem once until it changes or goes away. */
  private report(message: string): void {
    if (message === this.lastError) return;
    this.lastError = message;
    this.onError?.(message);
  }

  private note(path: string, event: WatchEvent): void {
    const rel = relative(this.trigger.path, path).split(sep).join('/');
    if (!rel || rel.startsWith('../') || !this.matches(rel)) return;
    const previous = this.pending.get(path);
    clearTimeout(previous?.timer);
    const folded = previous ? foldEvents(previous.event, event) : event;
    const timer = setTimeout(() => this.flush(path, rel), this.trigger.debounceMs);
    this.pending.set(path, { event: folded, timer });
  }

  private flush(path: string, rel: string): void {
    const entry = this.pending.get(path);
    this.pending.delete(path);
    if (!entry?.event || this.closed || !this.trigger.events.includes(entry.event)) return;
    try {
      this.onFire({ file: path, relative: rel, event: entry.event });
    } catch (error) {
      this.onError?.(`A watch trigger's handler failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * The folder watches of automations' watch triggers, by key (e.g. `<automation id>:<trigger index>`).
 * Files already in the folder do not fire; a burst of events on one file within `debounceMs` fires
 * once with the events folded (`foldEvents`); only files matching the globs and events the trigger
 * lists fire. A missing folder is reported once and looked for again every `retryMs`.
 */
export class FolderTriggers {
  private readonly triggers = new Map<string, FolderTrigger>();
  private readonly retryMs: number;

  constructor(options: FolderTriggersOptions = {}) {
    this.retryMs = options.retryMs ?? 5000;
  }

  /** Watches for `key` (replacing what it watched before). Rejects with VALIDATION for a relative path. */
  async watch(key: string, trigger: WatchTrigger, onFire: OnFire, onError?: OnError): Promise<void> {
    if (!isAbsolute(trigger.path)) {
      throw new AppError('VALIDATION', `The watched folder must be an absolute path, not "${trigger.path}".`, {
        hint: 'Give the full path, e.g. /home/me/Inbox or C:\\Users\\me\\Inbox.',
      });
    }
    const previous = this.triggers.get(key);
    const folder = new FolderTrigger(trigger, onFire, onError, this.retryMs);
    this.triggers.set(key, folder);
    await previous?.close();
    // Replaced, unwatched or closed meanwhile: closing it made start a no-op.
    await folder.start();
  }

  async unwatch(key: string): Promise<void> {
    const folder = this.triggers.get(key);
    if (!folder) return;
    this.triggers.delete(key);
    await folder.close();
  }

  /** The keys being watched. */
  keys(): string[] {
    return [...this.triggers.keys()];
  }

  async close(): Promise<void> {
    const all = [...this.triggers.values()];
    this.triggers.clear();
    await Promise.all(all.map((folder) => folder.close()));
  }
}

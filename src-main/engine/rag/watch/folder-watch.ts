import type { FSWatcher } from 'chokidar';
import { isIgnoredPath, isIngestibleFile, isSupportedFile } from '../ingest/scan';

export interface FolderWatchOptions {
  /** Changes are collected for this long after the last one, then reported together. */
  debounceMs: number;
  /** Called with the files added, changed or removed and the folders removed. */
  onChanges: (paths: string[]) => void;
  onError: (error: Error) => void;
}

/**
 * One watched folder (chokidar: inotify/FSEvents, recursive), reporting the supported files that
 * were added, changed or removed in debounced batches. Hidden entries, node_modules and
 * unsupported extensions are ignored.
 */
export class FolderWatch {
  private watcher: FSWatcher | undefined;
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Counts the closes: an open that a close overtook while chokidar loaded starts no watcher. */
  private closes = 0;

  constructor(
    readonly root: string,
    private readonly options: FolderWatchOptions,
  ) {}

  /** Starts watching; resolves once the initial listing is done (changes after it are reported). */
  async open(): Promise<void> {
    // chokidar is imported with the first watched folder.
    const closes = this.closes;
    const { watch } = await import('chokidar');
    if (closes !== this.closes) return;
    const watcher = watch(this.root, {
      ignoreInitial: true,
      followSymlinks: false,
      ignored: (path, stats) => isIgnoredPath(this.root, path) || (!!stats?.isFile() && !isSupportedFile(path)),
    });
    this.watcher = watcher;
    const file = (path: string) => {
      if (isIngestibleFile(this.root, path)) this.note(path);
    };
    watcher.on('add', file).on('change', file).on('unlink', file);
    watcher.on('unlinkDir', (path) => {
      if (!isIgnoredPath(this.root, path)) this.note(path);
    });
    watcher.on('error', (error) => this.options.onError(error instanceof Error ? error : new Error(String(error))));
    return new Promise((resolve) => watcher.once('ready', () => resolve()));
  }

  async close(): Promise<void> {
    this.closes++;
    clearTimeout(this.timer);
    this.pending.clear();
    await this.watcher?.close();
    this.watcher = undefined;
  }

  private note(path: string): void {
    this.pending.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.options.debounceMs);
  }

  private flush(): void {
    const paths = [...this.pending];
    this.pending.clear();
    if (paths.length) this.options.onChanges(paths);
  }
}

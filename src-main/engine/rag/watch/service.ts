import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { KbWatch } from '@shared/api/ingest';
import { AppError } from '@shared/errors';
import type { Bus } from '../../bus/bus';
import { sqlState, UNIQUE_VIOLATION } from '../../store/errors';
import type { Db } from '../../store/types';
import type { IngestService } from '../ingest/service';
import { FolderWatch } from './folder-watch';
import { toKbWatch, WatchRepository, type WatchRow } from './repository';

export interface WatchServiceDeps {
  db: Db;
  bus: Bus;
  ingest: Pick<IngestService, 'enqueue'>;
  /** Checks that a knowledge base exists (throws NOT_FOUND). */
  knowledgeBase: (kbId: string) => Promise<unknown>;
  /** Changes are batched for this long (default 500 ms). */
  debounceMs?: number;
  /** Every watched folder is rescanned this often, to catch what events missed (default 10 min). */
  rescanMs?: number;
  onError?: (message: string, error: unknown) => void;
}

/**
 * Folders that knowledge bases follow: a folder's files are ingested when it is added (and on each
 * start), then additions, changes and deletions follow through file-system events, batched, with a
 * periodic full rescan that also retries folders that were missing.
 */
export class WatchService {
  private readonly repo: WatchRepository;
  private readonly watches = new Map<string, { kbId: string; watch: FolderWatch }>();
  private rescanTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: WatchServiceDeps) {
    this.repo = new WatchRepository(deps.db);
  }

  /** Opens every stored watch and rescans it (files may have changed while the app was closed). */
  async start(): Promise<void> {
    for (const row of await this.repo.list()) await this.refresh(row);
    this.rescanTimer = setInterval(() => void this.rescanAll(), this.deps.rescanMs ?? 10 * 60_000);
    this.rescanTimer.unref();
  }

  async add(kbId: string, path: string, tags: string[] = []): Promise<KbWatch> {
    await this.deps.knowledgeBase(kbId);
    if (!isAbsolute(path)) {
      throw new AppError('VALIDATION', `"${path}" is not an absolute path.`, { hint: 'Give the absolute path of a folder.', issues: [{ path: ['path'], message: 'Use an absolute path' }] });
    }
    const folder = resolve(path);
    if (!(await stat(folder).catch(() => undefined))?.isDirectory()) {
      throw new AppError('VALIDATION', `"${folder}" is not a folder.`, { hint: 'Give the path of a folder that exists.', issues: [{ path: ['path'], message: 'No such folder' }] });
    }
    let row: WatchRow;
    try {
      row = await this.repo.insert(kbId, folder, [...new Set(tags)]);
    } catch (error) {
      if (sqlState(error) === UNIQUE_VIOLATION) {
        throw new AppError('CONFLICT', `This knowledge base already watches ${folder}.`, { hint: 'List the watched folders with kb.watch.list.', cause: error });
      }
      throw error;
    }
    return this.refresh(row);
  }

  async remove(id: string): Promise<boolean> {
    await this.stop(id);
    const removed = await this.repo.delete(id);
    if (removed) this.deps.bus.publish('kb.watch.changed', { kind: 'deleted', id });
    return removed;
  }

  async list(kbId?: string): Promise<KbWatch[]> {
    const rows = await this.repo.list(kbId);
    // Watches of deleted knowledge bases are gone with them; stop their watchers.
    const live = new Set(rows.map((r) => r.id));
    if (!kbId) for (const id of this.watches.keys()) if (!live.has(id)) await this.stop(id);
    return rows.map(toKbWatch);
  }

  /** Stops watching the folders of a knowledge base that was deleted (their rows went with it). */
  async forgetKnowledgeBase(kbId: string): Promise<void> {
    for (const [id, entry] of this.watches) if (entry.kbId === kbId) await this.stop(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.rescanTimer);
    await Promise.all([...this.watches.keys()].map((id) => this.stop(id)));
  }

  /** Rescans every watched folder now. */
  async rescanAll(): Promise<void> {
    try {
      const rows = await this.repo.list();
      const live = new Set(rows.map((r) => r.id));
      for (const id of this.watches.keys()) if (!live.has(id)) await this.stop(id);
      for (const row of rows) await this.refresh(row);
    } catch (error) {
      this.deps.onError?.('Rescanning watched folders failed', error);
    }
  }

  /** Makes sure the folder is watched, queues a full scan of it, and records whether it is there. */
  private async refresh(row: WatchRow): Promise<KbWatch> {
    let problem: string | null = null;
    if (!(await stat(row.path).catch(() => undefined))?.isDirectory()) {
      problem = `The folder ${row.path} is missing or not a folder; it is checked again on the next rescan.`;
      await this.stop(row.id);
    } else {
      try {
        if (!this.watches.has(row.id) && !this.closed) await this.open(row);
        await this.deps.ingest.enqueue(row.kbId, [row.path], { source: 'watch', tags: row.tags });
      } catch (error) {
        problem = `Could not watch ${row.path}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    const updated = (await this.repo.scanned(row.id, problem)) ?? row;
    const view = toKbWatch(updated);
    this.deps.bus.publish('kb.watch.changed', { kind: 'upserted', watch: view });
    return view;
  }

  private async open(row: WatchRow): Promise<void> {
    const watch = new FolderWatch(row.path, {
      debounceMs: this.deps.debounceMs ?? 500,
      onChanges: (paths) => {
        this.deps.ingest
          .enqueue(row.kbId, paths, { source: 'watch', tags: row.tags })
          .catch((error: unknown) => this.deps.onError?.(`Could not queue changes in ${row.path}`, error));
      },
      onError: (error) => this.deps.onError?.(`Watching ${row.path} failed`, error),
    });
    this.watches.set(row.id, { kbId: row.kbId, watch });
    await watch.open();
  }

  private async stop(id: string): Promise<void> {
    const entry = this.watches.get(id);
    this.watches.delete(id);
    await entry?.watch.close();
  }
}

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { recordedProcessState, selfIdentity, type ProcessIdentity } from '../system/proc';
import { killMarkedSync, sweepMarked } from './process-sweep';

const identity = {
  pid: z.number().int().positive(),
  startTime: z.string().optional(),
  bootId: z.string().optional(),
};

const spawnedSchema = z.object({ ...identity, mark: z.string().min(1), serverId: z.string() });
export type SpawnedProcess = z.infer<typeof spawnedSchema>;

const fileSchema = z.object({ owner: z.object(identity), servers: z.array(spawnedSchema) });
export type ProcessRecordFile = z.infer<typeof fileSchema>;

/** What the transport reports to the record. */
export interface SpawnRecorder {
  spawned(entry: SpawnedProcess): void;
  ended(mark: string): void;
}

/**
 * What to do with the record files found at start: those of an engine that is gone (crashed,
 * SIGKILLed, another boot) are cleaned; those of a live engine sharing the data folder (a
 * Postgres-backed engine takes no data-folder lock) and our own are left alone. Of a gone engine's
 * servers, only those whose pid still runs with the recorded start time are roots to stop; the
 * marks find their descendants (reparented to init) whatever became of the server itself.
 */
export function planCleanup(
  files: readonly { name: string; content: ProcessRecordFile | undefined }[],
  state: (id: ProcessIdentity) => ReturnType<typeof recordedProcessState>,
  ownName: string,
): { files: string[]; marks: Set<string>; roots: SpawnedProcess[] } {
  const out = { files: [] as string[], marks: new Set<string>(), roots: [] as SpawnedProcess[] };
  for (const { name, content } of files) {
    if (name === ownName) continue;
    if (!content) {
      out.files.push(name); // unreadable: nothing to act on
      continue;
    }
    if (state(content.owner) !== 'gone') continue;
    out.files.push(name);
    for (const server of content.servers) {
      out.marks.add(server.mark);
      // A server recorded without a start time (not Linux) cannot be told from a reused pid: not killed.
      if (server.startTime && state(server) === 'alive') out.roots.push(server);
    }
  }
  return out;
}

/**
 * The record of the server processes this engine spawned, one file per engine in
 * `<dataDir>/mcp-processes/` (named after the engine's pid and start time, so two engines sharing
 * a data folder never write the same file), rewritten atomically (temporary file + rename) at each
 * spawn and end. A crashed engine leaves its file behind; the next start stops what it lists.
 */
export class ProcessRecord implements SpawnRecorder {
  private readonly dir: string;
  private readonly owner = selfIdentity();
  private readonly name: string;
  private readonly live = new Map<string, SpawnedProcess>();

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'mcp-processes');
    this.name = `${this.owner.pid}-${this.owner.startTime ?? 'x'}.json`;
  }

  spawned(entry: SpawnedProcess): void {
    this.live.set(entry.mark, entry);
    this.write();
  }

  ended(mark: string): void {
    if (this.live.delete(mark)) this.write();
  }

  /** Marks of the servers running now (killed synchronously if the engine exits). */
  marks(): Set<string> {
    return new Set(this.live.keys());
  }

  private write(): void {
    const path = join(this.dir, this.name);
    try {
      if (this.live.size === 0) {
        rmSync(path, { force: true });
        return;
      }
      mkdirSync(this.dir, { recursive: true });
      const file: ProcessRecordFile = { owner: this.owner, servers: [...this.live.values()] };
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, JSON.stringify(file, null, 2), { mode: 0o600 });
      renameSync(tmp, path);
    } catch {
      // A read-only data folder: the record is a safety net; servers still stop with the engine.
    }
  }

  private readFiles(): { name: string; content: ProcessRecordFile | undefined }[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    return names.map((name) => {
      try {
        const parsed = fileSchema.safeParse(JSON.parse(readFileSync(join(this.dir, name), 'utf8')));
        return { name, content: parsed.success ? parsed.data : undefined };
      } catch {
        return { name, content: undefined };
      }
    });
  }

  /**
   * Stops the servers (and every process carrying their marks) left by engines that are gone.
   * Returns how many processes were signalled.
   */
  async cleanupLeftovers(termMs: number): Promise<number> {
    const plan = planCleanup(this.readFiles(), recordedProcessState, this.name);
    const stopped = plan.marks.size
      ? await sweepMarked({ marks: plan.marks, roots: plan.roots }, termMs)
      : 0;
    for (const name of plan.files) rmSync(join(this.dir, name), { force: true });
    return stopped;
  }

  /** At exit: kill what is still recorded, synchronously. */
  killAllSync(): void {
    const marks = this.marks();
    if (marks.size) killMarkedSync({ marks, roots: [...this.live.values()] });
  }
}

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { currentTurns } from '@shared/entities/thread';
import { createBus } from '../bus/bus';
import { AgentService } from '../agents/service';
import { ConversationService } from '../memory/conversation';
import { openStore } from '../store/index';
import { MIGRATIONS_TABLE, migrationsFolder } from '../store/migrate';
import { closePglite, createPglite } from '../store/pglite-client';
import { queryRows } from '../store/query';
import { RunRepository } from '../runtime/repository';
import { ThreadService } from './service';

/** A copy of the migrations as the release before threads shipped them (0000–0006). */
function releasedMigrations(dir: string): string {
  const folder = join(dir, 'migrations');
  cpSync(migrationsFolder(), folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ idx: number; tag: string }> };
  journal.entries = journal.entries.filter((e) => e.idx <= 6);
  expect(journal.entries.at(-1)?.tag).toBe('0006_knowledge_graph');
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe('migrating a data folder of the release before threads', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'af-threads-migration-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps every run, each agent’s in one thread (delegated runs in their root’s), with its turns and summary', async () => {
    // The old release's database, written as its code wrote it.
    const dbDir = join(dataDir, 'db');
    const old = await createPglite(dbDir);
    await migrate(drizzle({ client: old, casing: 'snake_case' }), { migrationsFolder: releasedMigrations(dataDir), ...MIGRATIONS_TABLE });
    const model = JSON.stringify({ provider: 'ollama', model: 'llama3.2' });
    await old.exec(`
      insert into agents (id, name, model) values ('agent-a', 'Alpha', '${model}'), ('agent-b', 'Beta', '${model}'), ('agent-c', 'Quiet', '${model}');
      insert into runs (id, agent_id, agent_name, model, parent_run_id, root_run_id, depth, status, input, output, created_at) values
        ('run-a1', 'agent-a', 'Alpha', '${model}', null, 'run-a1', 0, 'succeeded', E'Plan my\\n  week', 'Here is a plan', '2026-01-01T10:00:00Z'),
        ('run-a2', 'agent-a', 'Alpha', '${model}', null, 'run-a2', 0, 'succeeded', 'Ask Beta', 'Beta says hi', '2026-01-02T10:00:00Z'),
        ('run-child', 'agent-b', 'Beta', '${model}', 'run-a2', 'run-a2', 1, 'succeeded', 'Say hi', 'hi', '2026-01-02T10:00:01Z'),
        ('run-b1', 'agent-b', 'Beta', '${model}', null, 'run-b1', 0, 'failed', 'Beta alone', null, '2026-01-03T10:00:00Z'),
        ('run-gone', 'agent-deleted', 'Gone', '${model}', null, 'run-gone', 0, 'succeeded', 'From a deleted agent', 'ok', '2026-01-04T10:00:00Z');
      insert into run_events (run_id, seq, type, payload, at) values ('run-a1', 1, 'run.started', '{}', '2026-01-01T10:00:00Z');
      insert into conversation_turns (agent_id, role, content, run_id, tokens, created_at) values
        ('agent-a', 'user', 'Ask Beta', 'run-a2', 2, '2026-01-02T10:00:02Z'),
        ('agent-a', 'assistant', 'Beta says hi', 'run-a2', 3, '2026-01-02T10:00:03Z');
      insert into conversation_summaries (agent_id, summary, tokens, updated_at) values ('agent-a', 'They planned the week.', 5, '2026-01-02T10:00:00Z');
    `);
    await closePglite(old, dbDir);

    // The current release opens it.
    const store = await openStore({ kind: 'pglite', dataDir, thread: false });
    try {
      const runs = await queryRows<{ id: string; thread_id: string | null }>(store.db, sql`select id, thread_id from runs order by id`);
      expect(runs.map((r) => r.id)).toEqual(['run-a1', 'run-a2', 'run-b1', 'run-child', 'run-gone']);
      expect(runs.every((r) => r.thread_id)).toBe(true);
      const threadOf = Object.fromEntries(runs.map((r) => [r.id, r.thread_id!]));
      expect(threadOf['run-a2']).toBe(threadOf['run-a1']);
      expect(threadOf['run-child']).toBe(threadOf['run-a1']);
      expect(threadOf['run-b1']).not.toBe(threadOf['run-a1']);
      expect(threadOf['run-gone']).not.toBe(threadOf['run-b1']);
      expect(await queryRows(store.db, sql`select count(*)::int as n from run_events`)).toEqual([{ n: 1 }]);

      const bus = createBus();
      const threads = new ThreadService(store.db, bus, new AgentService(store.db, bus));
      const alpha = await threads.list({ agentId: 'agent-a' });
      expect(alpha).toHaveLength(1);
      expect(alpha[0]).toMatchObject({ id: threadOf['run-a1'], title: 'Plan my week', runCount: 2, pinned: false, archived: false });
      expect(alpha[0]!.createdAt).toBe('2026-01-01T10:00:00.000Z');
      expect(alpha[0]!.updatedAt).toBe('2026-01-02T10:00:03.000Z');
      const detail = await threads.detail(threadOf['run-a1']!);
      expect(currentTurns(detail.runs).map((r) => [r.id, r.threadId, r.replacesRunId])).toEqual([
        ['run-a1', threadOf['run-a1'], null],
        ['run-a2', threadOf['run-a1'], null],
      ]);
      expect((await threads.list({ agentId: 'agent-b' })).map((t) => [t.id, t.title])).toEqual([[threadOf['run-b1'], 'Beta alone']]);
      expect(await threads.list({ agentId: 'agent-c' })).toEqual([]);
      expect((await new RunRepository(store.db).get('run-child'))?.threadId).toBe(threadOf['run-a1']);

      const conversations = new ConversationService(store.db);
      const conversation = await conversations.get({ threadId: threadOf['run-a1']!, agentId: 'agent-a' });
      expect(conversation.summary).toBe('They planned the week.');
      expect(conversation.turns.map((t) => t.content)).toEqual(['Ask Beta', 'Beta says hi']);
      // The history goes on in the thread.
      await conversations.append({ threadId: threadOf['run-a1']!, agentId: 'agent-a' }, 'run-a3', 'More', 'Sure');
      expect((await conversations.get({ threadId: threadOf['run-a1']!, agentId: 'agent-a' })).turns).toHaveLength(4);
    } finally {
      await store.close();
    }
  });
});

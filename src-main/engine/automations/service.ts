import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import {
  AutomationConfig,
  isTimedTrigger,
  type Automation,
  type AutomationConfigInput,
  type AutomationOverview,
  type AutomationPatch,
  type AutomationRun,
  type AutomationRunStatus,
  type AutomationTrigger,
  type Trigger,
} from '@shared/entities/automation';
import { AppError } from '@shared/errors';
import type { AgentService } from '../agents/service';
import type { Bus } from '../bus/bus';
import { silentLogger } from '../config/logger';
import type { RunService } from '../runtime/service';
import type { Db } from '../store/types';
import { checkConditions } from './conditions';
import { validateConfig } from './config-checks';
import { deliver } from './delivery';
import { approvalNeededNotification, notifiesOnSystemPause, pausedBySystemNotification } from './notifications';
import { AutomationRepository, type AutomationRunRow, type StoredAutomation, toAutomationRun } from './repository';
import { AutomationRunner } from './runner';
import { nextFire } from './schedule';
import { previewFires, Scheduler, type AutomationSpec, type Fire, type FireTrigger, type SchedulerClock } from './scheduler';
import { systemClock } from './system-clock';
import { FolderTriggers } from './watch';
import { newWebhookSecret } from './webhook';
import type { WebhookTarget } from './webhook-route';

export interface AutomationServiceDeps {
  db: Db;
  bus: Bus;
  agents: AgentService;
  runs: RunService;
  logger?: Logger;
  clock?: SchedulerClock;
  /** `cli`: keeps automations but schedules nothing (a one-shot command). */
  mode: 'electron' | 'headless' | 'cli';
  /** Runs of automations at once, all together (default 2); read at each start. */
  maxConcurrent?: () => number;
  /** How often another engine's changes on a shared database are picked up (default 5 s). */
  syncIntervalMs?: number;
  /** Whether the database may be shared by several engines (Postgres). */
  shared: boolean;
}

/** The global pause as stored: `{ state: null }` when not paused. */
const PausedAll = z.object({ state: z.object({ until: z.string().nullable() }).nullable() });
const AFTER_CHAIN_LIMIT = 5;
const WEBHOOK_BODY_LIMIT = 100_000;

function timedTriggers(triggers: AutomationTrigger[]): Trigger[] {
  return triggers.filter(isTimedTrigger);
}

/**
 * The next fire of an automation's timed triggers, as a scheduling engine would see it (for a
 * one-shot command, where nothing is scheduled): none while paused.
 */
function nextTimedFire(a: StoredAutomation, now: number): number | null {
  if (a.state !== 'active') return null;
  let next: number | null = null;
  for (const trigger of timedTriggers(a.triggers)) {
    const at = nextFire(trigger, new Date(Math.max(now, a.enabledAt.getTime() - 1)), a.enabledAt)?.getTime() ?? null;
    if (at !== null && (next === null || at < next)) next = at;
  }
  return next;
}

/**
 * Automations: their configuration, their schedule (a Scheduler on the real clock), event triggers
 * (folders, webhooks, startup, other automations), the global pause, the inbox and the overview the tray shows.
 */
export class AutomationService {
  readonly repo: AutomationRepository;
  private readonly bus: Bus;
  private readonly logger: Logger;
  private readonly clock: SchedulerClock;
  private readonly scheduler: Scheduler;
  private readonly runner: AutomationRunner;
  private readonly folders = new FolderTriggers();
  private readonly cache = new Map<string, StoredAutomation>();
  private readonly engineId = randomUUID();
  private scheduling = false;
  private onAc: boolean | null = null;
  private pausedAll: { until: string | null } | null = null;
  private pauseTimer: unknown = null;
  private syncTimer: ReturnType<typeof setInterval> | undefined;
  private version = '';
  /** Tool calls of unattended runs a notification already asked about. */
  private readonly asked = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  /** Writes made while a fire is being made by hand (to answer with its record). */
  private captured: Promise<AutomationRunRow | undefined>[] | null = null;

  constructor(private readonly deps: AutomationServiceDeps) {
    this.repo = new AutomationRepository(deps.db);
    this.bus = deps.bus;
    this.logger = deps.logger ?? silentLogger();
    this.clock = deps.clock ?? systemClock;
    this.runner = new AutomationRunner({
      repo: this.repo,
      bus: deps.bus,
      runs: deps.runs,
      logger: this.logger,
      engineId: this.engineId,
      automation: (id) => this.cache.get(id),
      scheduler: () => this.scheduler,
      maxConcurrent: deps.maxConcurrent ?? (() => 2),
      onRecord: (record, row, output) => this.onRecord(record, row, output),
      onThread: (id, threadId) => void this.setThread(id, threadId),
    });
    const capture = (write: Promise<AutomationRunRow | undefined>) => this.captured?.push(write);
    this.scheduler = new Scheduler({
      clock: this.clock,
      dispatch: (_id, fire) => capture(this.runner.dispatch(fire)),
      cancel: (_id, fireId, reason) => this.runner.cancel(fireId, reason),
      record: (record) => capture(this.runner.record(record)),
      onPaused: (id, reason) => void this.pausedBySystem(id, reason),
      admit: (id, fire) => this.admit(id, fire),
    });
  }

  /** Loads automations and, unless this is a one-shot command, starts scheduling them. */
  async start(): Promise<void> {
    if (this.deps.mode === 'cli') return;
    const stale = await this.repo.interruptStale(this.deps.shared, 'The engine stopped while this run was going on');
    if (stale.length) this.logger.warn({ records: stale.map((r) => r.id) }, 'marked automation runs left going on as interrupted');
    this.scheduling = true;
    const offRuns = this.bus.subscribe('run.status', (run) => this.onRunStatus(run));
    // A raised limit of runs at once starts fires waiting for a slot.
    const offSettings = this.bus.subscribe('settings.changed', () => this.runner.pump());
    this.unsubscribe = () => {
      offRuns();
      offSettings();
    };
    this.pausedAll = (await this.repo.control('pausedAll', PausedAll))?.state ?? null;
    await this.reload();
    this.armPauseAll();
    for (const a of this.cache.values()) {
      if (a.state === 'active' && a.triggers.some((t) => t.kind === 'startup')) this.scheduler.fireNow(a.id, { kind: 'startup', key: 'startup' });
    }
    this.syncTimer = setInterval(() => void this.sync().catch((error: unknown) => this.logger.warn({ err: error }, 'automation sync failed')), this.deps.syncIntervalMs ?? 5000);
    this.syncTimer.unref();
  }

  /** Stops firing (timers, watchers); runs going on are left to the runtime. */
  stopScheduling(): void {
    this.scheduling = false;
    this.unsubscribe?.();
    if (this.syncTimer) clearInterval(this.syncTimer);
    if (this.pauseTimer !== null) this.clock.clearTimer(this.pauseTimer);
    this.scheduler.stop();
  }

  async close(): Promise<void> {
    this.stopScheduling();
    await this.folders.close();
    await this.runner.close();
  }

  /* ---------------------------------------------------------------- configuration */

  async resolve(ref: string): Promise<StoredAutomation> {
    const found = (await this.repo.get(ref)) ?? (await this.repo.byName(ref));
    if (!found) throw new AppError('NOT_FOUND', `No automation named "${ref}".`, { hint: 'Run `agent-factory automations list` to see them.' });
    return found;
  }

  async list(): Promise<Automation[]> {
    const all = await this.repo.list();
    return this.toApi(all);
  }

  async get(ref: string): Promise<Automation> {
    const [one] = await this.toApi([await this.resolve(ref)]);
    return one!;
  }

  async create(input: AutomationConfigInput): Promise<Automation> {
    const config = AutomationConfig.parse(input);
    const checked = await validateConfig(config, { agents: this.deps.agents, automations: this.repo });
    if (await this.repo.byName(config.name)) {
      throw new AppError('CONFLICT', `An automation named "${config.name}" exists already.`, { hint: 'Pick another name, or edit that one.' });
    }
    const id = randomUUID();
    const stored = await this.repo.insert({
      id,
      name: config.name,
      description: config.description,
      agentId: checked.agentId,
      agentRevision: config.agentRevision,
      input: config.input,
      triggers: checked.triggers,
      conditions: config.conditions,
      policies: config.policies,
      permissions: config.permissions,
      budget: config.budget,
      delivery: config.delivery,
      state: config.paused ? 'paused' : 'active',
      pauseReason: config.paused ? 'Paused by the user' : null,
      webhookSecret: checked.triggers.some((t) => t.kind === 'webhook') ? newWebhookSecret() : null,
    });
    await this.apply(stored);
    return this.changed(stored);
  }

  async update(ref: string, patch: AutomationPatch): Promise<Automation> {
    const before = await this.resolve(ref);
    const agentName = patch.agent === undefined ? before.agentId : patch.agent;
    const merged = AutomationConfig.parse({
      name: before.name,
      description: before.description,
      agent: agentName,
      agentRevision: before.agentRevision,
      input: before.input,
      triggers: before.triggers,
      conditions: before.conditions,
      policies: before.policies,
      permissions: before.permissions,
      budget: before.budget,
      delivery: before.delivery,
      ...patch,
    });
    const checked = await validateConfig(merged, { agents: this.deps.agents, automations: this.repo, self: before.id });
    if (merged.name.toLowerCase() !== before.name.toLowerCase() && (await this.repo.byName(merged.name))) {
      throw new AppError('CONFLICT', `An automation named "${merged.name}" exists already.`, { hint: 'Pick another name.' });
    }
    const retimed = JSON.stringify(timedTriggers(before.triggers)) !== JSON.stringify(timedTriggers(checked.triggers));
    const stored = await this.repo.update(before.id, {
      name: merged.name,
      description: merged.description,
      agentId: checked.agentId,
      agentRevision: merged.agentRevision,
      input: merged.input,
      triggers: checked.triggers,
      conditions: merged.conditions,
      policies: merged.policies,
      permissions: merged.permissions,
      budget: merged.budget,
      delivery: merged.delivery,
      // Another agent: its runs go into a new thread (a thread is a conversation with one agent).
      ...(checked.agentId !== before.agentId ? { threadId: null } : {}),
      // A changed schedule starts afresh from now: nothing of the old one is due.
      ...(retimed ? { enabledAt: new Date(this.clock.now()), lastScheduled: {} } : {}),
      ...(checked.triggers.some((t) => t.kind === 'webhook') && !before.webhookSecret ? { webhookSecret: newWebhookSecret() } : {}),
    });
    if (!stored) throw new AppError('NOT_FOUND', `The automation "${before.name}" was deleted meanwhile.`);
    await this.apply(stored);
    return this.changed(stored);
  }

  async delete(ref: string): Promise<{ deleted: boolean }> {
    const found = await this.resolve(ref);
    this.forget(found.id);
    const deleted = await this.repo.delete(found.id);
    this.bus.publish('automations.changed', { kind: 'deleted', id: found.id });
    return { deleted };
  }

  async pause(ref: string): Promise<Automation> {
    const found = await this.resolve(ref);
    const stored = (await this.repo.update(found.id, { state: 'paused', pauseReason: 'Paused by the user' })) ?? found;
    await this.apply(stored);
    return this.changed(stored);
  }

  /** Fires again from now: what fell due while paused never fires. */
  async resume(ref: string): Promise<Automation> {
    const found = await this.resolve(ref);
    const stored =
      (await this.repo.update(found.id, { state: 'active', pauseReason: null, consecutiveFailures: 0, enabledAt: new Date(this.clock.now()), lastScheduled: {} })) ?? found;
    await this.apply(stored);
    return this.changed(stored);
  }

  async webhookSecret(ref: string, rotate: boolean): Promise<{ path: string; secret: string }> {
    const found = await this.resolve(ref);
    if (!found.triggers.some((t) => t.kind === 'webhook')) {
      throw new AppError('CONFLICT', `"${found.name}" has no webhook trigger.`, { hint: 'Add a webhook trigger to it first.' });
    }
    let secret = found.webhookSecret;
    if (rotate || !secret) {
      secret = newWebhookSecret();
      const stored = await this.repo.update(found.id, { webhookSecret: secret });
      if (stored) this.cache.set(stored.id, stored);
    }
    return { path: `/hooks/${found.id}`, secret };
  }

  preview(trigger: Trigger, count: number, after?: string): { fires: string[] } {
    return { fires: previewFires(trigger, after ? new Date(after) : new Date(this.clock.now()), count).map((d) => d.toISOString()) };
  }

  /* ---------------------------------------------------------------- runs */

  /** Fires it now by hand (even when paused); its overlap policy and conditions apply. Answers its record. */
  async runNow(ref: string, input?: string): Promise<AutomationRun> {
    const found = await this.resolve(ref);
    if (!this.scheduling) {
      throw new AppError('UNAVAILABLE', 'Automations run in the app or in `agent-factory serve`, not in a one-shot command.', {
        hint: 'Start `agent-factory serve` (or the app) on this data folder; the command then acts through it.',
      });
    }
    const rows = await this.capture(() => this.scheduler.fireNow(found.id, { kind: 'manual', key: 'manual', payload: input ? { input } : {} }, this.clock.now(), { force: true }));
    const row = rows.at(-1);
    if (!row) throw new AppError('CONFLICT', `"${found.name}" did not fire.`, { hint: 'See its history for why.' });
    return toAutomationRun(row);
  }

  async history(filter: { automation?: string; status?: AutomationRunStatus; limit: number; before?: string }): Promise<AutomationRun[]> {
    const automationId = filter.automation ? (await this.resolve(filter.automation)).id : undefined;
    return this.repo.history({
      limit: filter.limit,
      ...(automationId ? { automationId } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.before ? { before: new Date(filter.before) } : {}),
    });
  }

  /** The machine went to sleep and woke up, or the clock changed: missed-fire policies apply now. */
  clockJumped(): void {
    if (this.scheduling) this.scheduler.jump();
  }

  /** On AC power (true), on battery (false), unknown (null: counts as AC). */
  setPowerSource(onAc: boolean | null): void {
    this.onAc = onAc;
  }

  /** Runs of automations going on in this engine. */
  get running(): number {
    return this.runner.running;
  }

  /** Fires of this engine that another engine on the same database claimed first. */
  get lostClaims(): number {
    return this.runner.lostClaims;
  }

  /** Resolves when every record written so far is stored (tests, shutdown). */
  idle(): Promise<void> {
    return this.runner.idle();
  }

  /** Webhooks as the HTTP server sees them. */
  readonly webhooks: WebhookTarget = {
    secretFor: async (id) => {
      const a = this.cache.get(id) ?? (await this.repo.get(id).catch(() => undefined));
      return a && a.triggers.some((t) => t.kind === 'webhook') ? a.webhookSecret : null;
    },
    fire: async (id, payload) => {
      const a = this.cache.get(id);
      if (!a || !this.scheduling) throw new AppError('UNAVAILABLE', 'This automation is not scheduled in this engine.');
      if (a.state !== 'active') throw new AppError('CONFLICT', `"${a.name}" is paused.`, { hint: 'Resume it to take webhooks.' });
      const body = payload.body.length > WEBHOOK_BODY_LIMIT ? `${payload.body.slice(0, WEBHOOK_BODY_LIMIT)}…` : payload.body;
      const rows = await this.capture(() => this.scheduler.fireNow(id, { kind: 'webhook', key: 'webhook', payload: { body, ...(payload.contentType ? { contentType: payload.contentType } : {}) } }));
      const row = rows.at(-1);
      if (!row) throw new AppError('CONFLICT', `"${a.name}" did not fire.`);
      return { automationRunId: row.id, status: row.status };
    },
  };

  /* ---------------------------------------------------------------- the global pause, the overview */

  async pauseAll(forMs: number | null): Promise<AutomationOverview> {
    this.pausedAll = { until: forMs === null ? null : new Date(this.clock.now() + forMs).toISOString() };
    await this.repo.setControl('pausedAll', { state: this.pausedAll });
    this.armPauseAll();
    await this.reschedule();
    return this.overview();
  }

  async resumeAll(): Promise<AutomationOverview> {
    this.pausedAll = null;
    await this.repo.setControl('pausedAll', { state: null });
    this.armPauseAll();
    // Fires from now on only: what fell due during the pause never fires.
    for (const a of this.cache.values()) if (a.state === 'active') this.cache.set(a.id, { ...a, enabledAt: new Date(this.clock.now()), lastScheduled: {} });
    await this.reschedule();
    return this.overview();
  }

  async overview(): Promise<AutomationOverview> {
    const all = [...this.cache.values()];
    const listed = this.scheduling ? all : await this.repo.list();
    const byId = new Map(listed.map((a) => [a.id, a]));
    const open = await this.repo.open();
    const running = open.filter((r) => r.status === 'running');
    const waiting: AutomationOverview['waiting'] = [];
    for (const r of running) {
      if (!r.runId) continue;
      const run = await this.deps.runs.get(r.runId).catch(() => undefined);
      for (const p of run?.pendingApprovals ?? []) waiting.push({ automationId: r.automationId, automationName: r.automationName, runId: r.runId, toolName: p.toolName, callId: p.callId });
    }
    const next = listed
      .map((a) => ({ a, at: this.scheduler.state(a.id)?.next ?? null }))
      .filter((x): x is { a: StoredAutomation; at: number } => x.at !== null)
      .sort((x, y) => x.at - y.at)
      .slice(0, 5)
      .map(({ a, at }) => ({ automationId: a.id, automationName: a.name, at: new Date(at).toISOString() }));
    const unread = await this.repo.unreadTotal();
    return {
      running: running.map((r) => ({
        automationRunId: r.id,
        automationId: r.automationId,
        automationName: byId.get(r.automationId)?.name ?? r.automationName,
        runId: r.runId,
        startedAt: (r.startedAt ?? r.createdAt).toISOString(),
      })),
      waiting,
      next,
      unread,
      pausedAll: this.pausedAll,
      total: listed.length,
      active: listed.filter((a) => a.state === 'active').length,
    };
  }

  /* ---------------------------------------------------------------- inbox */

  async unread(): Promise<number> {
    return this.repo.unreadTotal();
  }

  async inbox(filter: { unreadOnly: boolean; automation?: string; limit: number }) {
    const automationId = filter.automation ? (await this.resolve(filter.automation)).id : undefined;
    return this.repo.inbox({ unreadOnly: filter.unreadOnly, limit: filter.limit, ...(automationId ? { automationId } : {}) });
  }

  async markRead(ids: string[] | undefined, unread: boolean): Promise<{ unread: number }> {
    await this.repo.markRead(ids, unread);
    const count = await this.unread();
    this.bus.publish('inbox.changed', { unread: count });
    return { unread: count };
  }

  /** Agents used by automations (deleting one is refused). */
  usedBy(agentId: string): Promise<{ id: string; name: string }[]> {
    return this.repo.usedBy(agentId);
  }

  /* ---------------------------------------------------------------- internals */

  private async capture(fire: () => string | null): Promise<AutomationRunRow[]> {
    const writes: Promise<AutomationRunRow | undefined>[] = [];
    this.captured = writes;
    try {
      fire();
    } finally {
      this.captured = null;
    }
    const rows = await Promise.all(writes);
    return rows.filter((r): r is AutomationRunRow => r !== undefined);
  }

  private admit(id: string, _fire: Fire): { ok: true } | { ok: false; reason: string } {
    const a = this.cache.get(id);
    if (!a) return { ok: false, reason: 'The automation was removed' };
    return checkConditions(a.conditions, new Date(this.clock.now()), { onAc: this.onAc });
  }

  private specOf(a: StoredAutomation): AutomationSpec {
    const timed = timedTriggers(a.triggers);
    const enabledAt = a.enabledAt.getTime();
    return {
      id: a.id,
      triggers: timed,
      policies: a.policies,
      enabledAt,
      anchor: enabledAt,
      lastScheduled: timed.map((_, i) => a.lastScheduled[`t${i}`] ?? null),
      paused: a.state !== 'active' || this.pausedAll !== null,
    };
  }

  /** Schedules (or re-schedules) one automation in this engine, with its folder watches. */
  private async apply(a: StoredAutomation): Promise<void> {
    this.cache.set(a.id, a);
    if (!this.scheduling) return;
    const before = this.scheduler.state(a.id);
    const spec = this.specOf(a);
    // Resuming (user or system) through upsert keeps the failure count; a resume from the store resets it.
    this.scheduler.upsert(spec);
    if (before?.paused && !spec.paused) this.scheduler.resume(a.id);
    await this.watch(a);
  }

  private async watch(a: StoredAutomation): Promise<void> {
    a.triggers.forEach((t, i) => {
      const key = `${a.id}#${i}`;
      if (t.kind !== 'watch' || a.state !== 'active' || this.pausedAll !== null) return void this.folders.unwatch(key);
      void this.folders
        .watch(key, t, (p) => this.scheduler.fireNow(a.id, { kind: 'watch', key: `w${i}`, payload: { file: p.file, relative: p.relative, event: p.event } }), (message) =>
          this.logger.warn({ automation: a.name, message }, 'watch trigger problem'),
        )
        .catch((error: unknown) => this.logger.warn({ err: error, automation: a.name }, 'could not watch the folder'));
    });
    for (let i = a.triggers.length; i < 10; i++) this.folders.unwatch(`${a.id}#${i}`);
  }

  private forget(id: string): void {
    this.cache.delete(id);
    if (this.scheduling) this.scheduler.remove(id);
    for (let i = 0; i < 10; i++) this.folders.unwatch(`${id}#${i}`);
  }

  private async reload(): Promise<void> {
    this.version = await this.repo.version();
    const all = await this.repo.list();
    const ids = new Set(all.map((a) => a.id));
    for (const id of [...this.cache.keys()]) if (!ids.has(id)) this.forget(id);
    for (const a of all) {
      const cached = this.cache.get(a.id);
      if (!cached || cached.updatedAt.getTime() !== a.updatedAt.getTime() || !this.scheduler.state(a.id)) await this.apply(a);
    }
  }

  private async reschedule(): Promise<void> {
    for (const a of [...this.cache.values()]) await this.apply(a);
  }

  /** Picks up what another engine on the same database changed. */
  private async sync(): Promise<void> {
    if (!this.scheduling) return;
    const pausedAll = (await this.repo.control('pausedAll', PausedAll))?.state ?? null;
    if (JSON.stringify(pausedAll) !== JSON.stringify(this.pausedAll)) {
      this.pausedAll = pausedAll;
      this.armPauseAll();
      await this.reschedule();
    }
    if ((await this.repo.version()) !== this.version) await this.reload();
  }

  private armPauseAll(): void {
    if (this.pauseTimer !== null) this.clock.clearTimer(this.pauseTimer);
    this.pauseTimer = null;
    const until = this.pausedAll?.until;
    if (!until || !this.scheduling) return;
    const ms = Math.max(0, Date.parse(until) - this.clock.now());
    this.pauseTimer = this.clock.setTimer(Math.min(ms, 6 * 3600_000), () => {
      this.pauseTimer = null;
      if (Date.parse(until) <= this.clock.now()) void this.resumeAll().catch((error: unknown) => this.logger.error({ err: error }, 'could not resume automations'));
      else this.armPauseAll();
    });
  }

  private async setThread(id: string, threadId: string): Promise<void> {
    const stored = await this.repo.update(id, { threadId });
    if (stored) this.cache.set(id, stored);
  }

  private async pausedBySystem(id: string, reason: string): Promise<void> {
    const stored = await this.repo.update(id, { state: 'paused_by_system', pauseReason: reason });
    if (!stored) return;
    this.cache.set(id, stored);
    if (notifiesOnSystemPause(stored.delivery.notify)) this.bus.publish('automations.notify', pausedBySystemNotification({ id, name: stored.name }, reason));
    await this.changed(stored);
  }

  private onRecord(record: AutomationRun, row: AutomationRunRow, output: string | null): void {
    this.bus.publish('automations.run', record);
    const a = this.cache.get(record.automationId);
    if (!a) return;
    const ended = row.runId !== null && row.finishedAt !== null;
    if (ended) {
      void deliver({ automation: a, record, output, repo: this.repo, bus: this.bus, logger: this.logger })
        .then((updated) => {
          if (updated) this.cache.set(updated.id, updated);
        })
        .finally(() => void this.changed(this.cache.get(a.id) ?? a).catch(() => undefined));
      this.fireAfter(a, record, output);
    } else if (record.status === 'running' || record.status === 'skipped_condition' || record.status === 'skipped_overlap') {
      void this.changed(a).catch(() => undefined);
    }
  }

  /** A run of an automation (or one it delegated to) waits for a person (permissions: queue): a notification asks. */
  private onRunStatus(run: { id: string; rootRunId: string; status: string; pendingApprovals: { callId: string; toolName: string }[] }): void {
    if (run.status !== 'waiting_approval') return;
    const fire = this.runner.fireOfRun(run.rootRunId) ?? this.runner.fireOfRun(run.id);
    const a = fire && this.cache.get(fire.automationId);
    if (!a) return;
    for (const p of run.pendingApprovals) {
      const key = `${run.id}/${p.callId}`;
      if (this.asked.has(key)) continue;
      if (this.asked.size > 1000) this.asked.clear();
      this.asked.add(key);
      this.bus.publish('automations.notify', approvalNeededNotification({ id: a.id, name: a.name }, run.id, p.toolName));
    }
    void this.changed(a).catch(() => undefined);
  }

  /** Automations with an `after` trigger on this one fire now. */
  private fireAfter(a: StoredAutomation, record: AutomationRun, output: string | null): void {
    const depth = typeof record.trigger.payload.afterDepth === 'number' ? record.trigger.payload.afterDepth : 0;
    if (depth >= AFTER_CHAIN_LIMIT) return;
    for (const other of this.cache.values()) {
      if (other.state !== 'active' || other.id === a.id) continue;
      const trigger = other.triggers.find((t) => t.kind === 'after' && t.automation === a.id && (t.statuses as string[]).includes(record.status));
      if (!trigger) continue;
      const payload: FireTrigger['payload'] = { afterAutomation: a.name, afterStatus: record.status, afterRunId: record.runId, afterOutput: (output ?? '').slice(0, 20_000), afterDepth: depth + 1 };
      this.scheduler.fireNow(other.id, { kind: 'after', key: 'after', payload });
    }
  }

  /** Publishes the automation as it is now; answers it. */
  private async changed(a: StoredAutomation): Promise<Automation> {
    const [api] = await this.toApi([a]);
    this.bus.publish('automations.changed', { kind: 'upserted', automation: api! });
    return api!;
  }

  private async toApi(list: StoredAutomation[]): Promise<Automation[]> {
    if (!list.length) return [];
    // One automation (an event): its own last run only; a listing: all of them in one query.
    const [lastRuns, unread, open, agents] = await Promise.all([
      this.repo.lastRuns(list.length === 1 ? [list[0]!.id] : undefined),
      this.repo.unreadCounts(),
      this.repo.open(list.length === 1 ? list[0]!.id : undefined),
      this.deps.agents.list(),
    ]);
    const names = new Map(agents.map((ag) => [ag.id, ag.name]));
    return list.map((a) => {
      const next = this.scheduling ? (this.scheduler.state(a.id)?.next ?? null) : nextTimedFire(a, this.clock.now());
      return {
        id: a.id,
        name: a.name,
        description: a.description,
        agentId: a.agentId,
        agentName: names.get(a.agentId) ?? '(deleted agent)',
        agentRevision: a.agentRevision,
        input: a.input,
        triggers: a.triggers,
        conditions: a.conditions,
        policies: a.policies,
        permissions: a.permissions,
        budget: a.budget,
        delivery: a.delivery,
        state: a.state,
        pauseReason: a.state === 'active' && this.pausedAll ? 'All automations are paused' : a.pauseReason,
        threadId: a.threadId,
        webhookPath: a.triggers.some((t) => t.kind === 'webhook') ? `/hooks/${a.id}` : null,
        nextFireAt: next !== null ? new Date(next).toISOString() : null,
        lastRun: lastRuns.get(a.id) ?? null,
        lastSucceededAt: a.lastSucceededAt?.toISOString() ?? null,
        consecutiveFailures: a.consecutiveFailures,
        running: open.filter((r) => r.automationId === a.id && r.status === 'running').length,
        unread: unread.get(a.id) ?? 0,
        createdAt: a.createdAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
      };
    });
  }
}

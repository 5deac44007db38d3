import {
  Automation,
  AutomationConfig,
  AutomationRun,
  InboxItem,
  type AutomationOverview,
  type AutomationRunStatus,
} from '@shared/entities/automation';
import type { AgentRevisionSummary } from '@shared/entities/agent';
import { AppError } from '@shared/errors';
import { RunsTestApi } from '../runs/test-api';

/**
 * The in-memory API with automations and the inbox, for component tests: it keeps automations as
 * the engine would show them (validated with the contract) and publishes `automations.changed`;
 * the test plays the scheduler with `record` and the delivery with `deliver`.
 */
export class AutomationsTestApi extends RunsTestApi {
  readonly automations = new Map<string, Automation>();
  readonly records: AutomationRun[] = [];
  readonly inbox: InboxItem[] = [];
  /** Every saved revision of each agent, oldest first (recorded from `agents.changed`). */
  readonly agentRevisions = new Map<string, AgentRevisionSummary[]>();
  waiting: AutomationOverview['waiting'] = [];
  pausedAll: AutomationOverview['pausedAll'] = null;
  private ids = 1;
  private clockMs = Date.UTC(2026, 2, 2, 8);

  constructor() {
    super();
    this.subscribe('agents.changed', (change) => {
      if (change.kind !== 'upserted') return;
      const { id, revision, name, updatedAt } = change.agent;
      const list = this.agentRevisions.get(id) ?? [];
      if (!list.some((r) => r.revision === revision))
        list.push({ agentId: id, revision, name, createdAt: updatedAt });
      this.agentRevisions.set(id, list);
    });
    this.extend({
      'agents.revisions': ({ id }) => [...(this.agentRevisions.get(id) ?? [])].reverse(),
      'runs.builtinTools': () => [
        { name: 'current_time', description: 'The time now', approval: 'auto', inputSchema: {} },
        { name: 'remember', description: 'Remembers a fact', approval: 'ask', inputSchema: {} },
      ],
      'mcp.servers.list': () => [],
      'kb.list': () => [],
      'automations.list': () => [...this.automations.values()],
      'automations.get': ({ automation }) => this.automation(automation),
      'automations.create': (config) => {
        const agent = [...this.agents.values()].find(
          (a) => a.id === config.agent || a.name === config.agent,
        );
        if (!agent)
          throw new AppError('NOT_FOUND', `No agent "${config.agent}".`, {
            issues: [{ path: ['agent'], message: 'No such agent' }],
          });
        const { agent: _agent, paused, ...rest } = config;
        const at = this.stamp();
        return this.store({
          ...rest,
          id: `auto-${this.ids++}`,
          agentId: agent.id,
          agentName: agent.name,
          state: paused ? 'paused' : 'active',
          pauseReason: null,
          threadId: null,
          webhookPath: null,
          nextFireAt: paused ? null : new Date(this.clockMs + 60_000).toISOString(),
          lastRun: null,
          lastSucceededAt: null,
          consecutiveFailures: 0,
          running: 0,
          unread: 0,
          createdAt: at,
          updatedAt: at,
        });
      },
      'automations.update': ({ automation, patch }) => {
        const { agent: _agent, ...rest } = patch;
        return this.store({ ...this.automation(automation), ...rest, updatedAt: this.stamp() });
      },
      'automations.delete': ({ automation }) => {
        const found = this.automation(automation);
        this.automations.delete(found.id);
        this.emit('automations.changed', { kind: 'deleted', id: found.id });
        return { deleted: true };
      },
      'automations.pause': ({ automation }) =>
        this.store({
          ...this.automation(automation),
          state: 'paused',
          nextFireAt: null,
          updatedAt: this.stamp(),
        }),
      'automations.resume': ({ automation }) =>
        this.store({
          ...this.automation(automation),
          state: 'active',
          pauseReason: null,
          updatedAt: this.stamp(),
        }),
      'automations.run': ({ automation }) =>
        this.record(this.automation(automation).id, 'scheduled', {
          trigger: { kind: 'manual', payload: {} },
        }),
      'automations.history': ({ automation, status, limit, before }) =>
        this.records
          .filter(
            (r) =>
              (!automation || r.automationId === this.automation(automation).id) &&
              (!status || r.status === status) &&
              (!before || Date.parse(r.createdAt) < Date.parse(before)),
          )
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
          .slice(0, limit),
      'automations.preview': ({ trigger, count }) => {
        if (trigger.kind === 'at') {
          const at = Date.parse(trigger.iso);
          return { fires: at > this.clockMs ? [new Date(at).toISOString()] : [] };
        }
        if (trigger.kind === 'every')
          return {
            fires: Array.from({ length: count }, (_, i) =>
              new Date(this.clockMs + (i + 1) * trigger.seconds * 1000).toISOString(),
            ),
          };
        if (/\b6\d\b/.test(trigger.expr))
          throw new AppError('VALIDATION', 'Invalid cron expression', {
            issues: [
              { path: ['trigger', 'expr'], message: 'Minute 60 or more does not exist: use 0-59' },
            ],
          });
        return {
          fires: Array.from({ length: count }, (_, i) =>
            new Date(Date.UTC(2026, 2, 3 + i, 8)).toISOString(),
          ),
        };
      },
      'automations.webhookSecret': ({ automation, rotate }) => ({
        path: `/hooks/${this.automation(automation).id}`,
        secret: rotate ? 'whsec-rotated' : 'whsec-first',
      }),
      'automations.overview': () => this.overview(),
      'automations.pauseAll': () => this.overview(),
      'automations.resumeAll': () => {
        this.pausedAll = null;
        return this.overview();
      },
      'inbox.list': ({ unreadOnly, limit }) =>
        this.inbox.filter((i) => !unreadOnly || i.unread).slice(0, limit),
      'inbox.markRead': ({ ids }) => {
        for (const item of this.inbox) if (!ids || ids.includes(item.id)) item.unread = false;
        return { unread: this.unread() };
      },
    });
  }

  private stamp(): string {
    return new Date((this.clockMs += 1000)).toISOString();
  }

  automation(ref: string): Automation {
    const found =
      this.automations.get(ref) ?? [...this.automations.values()].find((a) => a.name === ref);
    if (!found) throw new AppError('NOT_FOUND', `No automation "${ref}".`);
    return found;
  }

  /** Stores an automation (validated) and publishes it. */
  store(automation: Automation): Automation {
    const checked = Automation.parse(automation);
    this.automations.set(checked.id, checked);
    this.emit('automations.changed', { kind: 'upserted', automation: checked });
    return checked;
  }

  /** Adds an automation with defaults, like one made earlier (no event). */
  seed(config: Partial<Automation> & { name: string; agentId: string }): Automation {
    const base = AutomationConfig.parse({
      name: config.name,
      agent: config.agentId,
      input: 'Do it',
      triggers: [{ kind: 'every', seconds: 30 }],
    });
    const { agent: _a, paused: _p, ...rest } = base;
    const at = this.stamp();
    const automation = Automation.parse({
      ...rest,
      agentName: this.agents.get(config.agentId)?.name ?? 'Agent',
      id: `auto-${this.ids++}`,
      state: 'active',
      pauseReason: null,
      threadId: null,
      webhookPath: null,
      nextFireAt: new Date(this.clockMs + 30_000).toISOString(),
      lastRun: null,
      lastSucceededAt: null,
      consecutiveFailures: 0,
      running: 0,
      unread: 0,
      createdAt: at,
      updatedAt: at,
      ...config,
    });
    this.automations.set(automation.id, automation);
    return automation;
  }

  /** Writes (or changes, with `id`) a fire's record and publishes `automations.run`. */
  record(
    automationId: string,
    status: AutomationRunStatus,
    extra: Partial<AutomationRun> = {},
  ): AutomationRun {
    const automation = this.automation(automationId);
    const existing = extra.id ? this.records.find((r) => r.id === extra.id) : undefined;
    const at = this.stamp();
    const record = AutomationRun.parse({
      id: `rec-${this.ids++}`,
      automationId: automation.id,
      automationName: automation.name,
      trigger: { kind: 'every', payload: {} },
      scheduledFor: at,
      firstScheduledFor: null,
      count: 1,
      attempt: 0,
      reason: null,
      runId: null,
      threadId: null,
      usage: null,
      createdAt: at,
      startedAt: null,
      finishedAt: null,
      ...existing,
      ...extra,
      status,
    });
    if (existing) this.records.splice(this.records.indexOf(existing), 1, record);
    else this.records.push(record);
    this.emit('automations.run', record);
    return record;
  }

  /** Puts an item in the inbox and publishes `inbox.changed`. */
  deliver(
    automationId: string,
    title: string,
    body: string,
    runId: string | null = null,
  ): InboxItem {
    const automation = this.automation(automationId);
    const item = InboxItem.parse({
      id: `inbox-${this.ids++}`,
      automationId: automation.id,
      automationName: automation.name,
      automationRunId: 'rec-x',
      runId,
      status: 'succeeded',
      title,
      body,
      unread: true,
      createdAt: this.stamp(),
    });
    this.inbox.unshift(item);
    this.emit('inbox.changed', { unread: this.unread(), item });
    return item;
  }

  unread(): number {
    return this.inbox.filter((i) => i.unread).length;
  }

  overview(): AutomationOverview {
    const all = [...this.automations.values()];
    return {
      running: [],
      waiting: this.waiting,
      next: [],
      unread: this.unread(),
      pausedAll: this.pausedAll,
      total: all.length,
      active: all.filter((a) => a.state === 'active').length,
    };
  }
}

import type { Automation } from '@shared/entities/automation';
import { href } from '../../app/route';
import { StatusDot } from '../../ui/StatusDot';
import { formatWhen } from '../runs/format';
import { AutomationActions } from './AutomationActions';
import { describeTrigger, formatInZone, stateLooks, statusLooks, zoneOf } from './describe';

/** The state, with the system's reason when it paused it. */
export function AutomationState({ automation }: { automation: Automation }) {
  return (
    <span className="inline-flex min-w-0 flex-col">
      <StatusDot
        status={automation.state}
        look={stateLooks[automation.state]}
        testId="automation-state"
      />
      {automation.state === 'paused_by_system' && automation.pauseReason ? (
        <span className="text-[11px] text-amber-700 dark:text-amber-300" data-testid="pause-reason">
          {automation.pauseReason}
        </span>
      ) : null}
    </span>
  );
}

/** When it fires next, in its own time zone. */
export function NextFire({ automation }: { automation: Automation }) {
  if (automation.state !== 'active') return <span className="text-zinc-400">—</span>;
  if (!automation.nextFireAt)
    return <span className="text-zinc-500 dark:text-zinc-400">on events</span>;
  return (
    <span data-testid="next-fire">{formatInZone(automation.nextFireAt, zoneOf(automation))}</span>
  );
}

/** The last result: its status and when. */
export function LastResult({ automation }: { automation: Automation }) {
  const last = automation.lastRun;
  if (!last) return <span className="text-zinc-400">never ran</span>;
  return (
    <span className="inline-flex items-center gap-2" title={last.reason ?? undefined}>
      <StatusDot status={last.status} look={statusLooks[last.status]} testId="last-status" />
      <span className="text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">
        {formatWhen(last.createdAt)}
      </span>
    </span>
  );
}

export function triggerSummary(automation: Automation, names: Record<string, string>): string {
  return automation.triggers.map((t) => describeTrigger(t, names)).join(' · ');
}

/** Every automation: state, agent, triggers in words, next fire, last result, runs going on, actions. */
export function AutomationList({ automations }: { automations: readonly Automation[] }) {
  const names = Object.fromEntries(automations.map((a) => [a.id, a.name]));
  return (
    <ul
      aria-label="Automations"
      className="divide-y divide-zinc-200 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800"
    >
      {automations.map((automation) => (
        <li
          key={automation.id}
          data-testid="automation-row"
          data-automation-id={automation.id}
          className="grid gap-x-4 gap-y-1 px-3 py-2.5 text-[13px] lg:grid-cols-[minmax(0,1.4fr)_minmax(0,1fr)_minmax(0,1fr)_auto]"
        >
          <div className="min-w-0">
            <a
              href={href('automations', automation.id)}
              className="font-medium hover:underline focus-visible:outline-2 focus-visible:outline-indigo-500"
            >
              {automation.name}
            </a>
            <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
              {automation.agentName} ·{' '}
              <span data-testid="trigger-summary">{triggerSummary(automation, names)}</span>
            </p>
          </div>
          <div className="min-w-0 text-xs">
            <AutomationState automation={automation} />
            <p className="mt-0.5 text-[11px] text-zinc-500 dark:text-zinc-400">
              Next: <NextFire automation={automation} />
            </p>
          </div>
          <div className="min-w-0 text-xs">
            <LastResult automation={automation} />
            {automation.running ? (
              <p
                className="mt-0.5 text-[11px] text-sky-700 dark:text-sky-300"
                data-testid="running-count"
              >
                {automation.running} running
              </p>
            ) : null}
          </div>
          <AutomationActions automation={automation} compact />
        </li>
      ))}
    </ul>
  );
}

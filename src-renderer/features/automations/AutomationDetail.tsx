import type { Automation } from '@shared/entities/automation';
import { href } from '../../app/route';
import { AutomationActions } from './AutomationActions';
import { AutomationHistory } from './AutomationHistory';
import { formatInZone, zoneOf } from './describe';
import { AutomationState, LastResult, NextFire, triggerSummary } from './AutomationList';
import { useAutomationList } from './store';
import { WaitingApprovals } from './WaitingApprovals';
import { WebhookInfo } from './WebhookInfo';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-xs">{children}</dd>
    </div>
  );
}

/** `#/automations/<id>`: its state and schedule, actions, approvals it waits for, webhook, history. */
export function AutomationDetail({ automation }: { automation: Automation }) {
  const { automations } = useAutomationList();
  const names = Object.fromEntries(automations.map((a) => [a.id, a.name]));
  return (
    <div className="flex h-full flex-col">
      <div className="flex min-h-11 shrink-0 flex-wrap items-center justify-between gap-3 border-b border-zinc-200 px-5 py-1.5 dark:border-zinc-800">
        <div className="flex min-w-0 items-center gap-3">
          <a
            href={href('automations')}
            className="text-xs text-zinc-500 hover:underline dark:text-zinc-400"
          >
            Automations
          </a>
          <span className="text-zinc-400" aria-hidden="true">
            /
          </span>
          <h2 className="truncate text-[13px] font-semibold">{automation.name}</h2>
        </div>
        <AutomationActions automation={automation} />
      </div>
      <div className="min-h-0 flex-1 space-y-5 overflow-y-auto p-5">
        <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Fact label="State">
            <AutomationState automation={automation} />
          </Fact>
          <Fact label="Next fire">
            <NextFire automation={automation} />
          </Fact>
          <Fact label="Last result">
            <LastResult automation={automation} />
          </Fact>
          <Fact label="Running now">
            <span data-testid="running-now">{automation.running}</span>
          </Fact>
          <Fact label="Agent">
            <a href={href('agents', automation.agentId)} className="hover:underline">
              {automation.agentName}
            </a>
            <span
              className="block text-[11px] text-zinc-500 dark:text-zinc-400"
              data-testid="agent-revision"
            >
              {automation.agentRevision === null
                ? 'its latest revision'
                : `pinned to revision ${automation.agentRevision}`}
            </span>
          </Fact>
          <Fact label="Triggers">{triggerSummary(automation, names)}</Fact>
          <Fact label="Last succeeded">
            {automation.lastSucceededAt
              ? formatInZone(automation.lastSucceededAt, zoneOf(automation))
              : 'never'}
          </Fact>
          <Fact label="Failures in a row">{automation.consecutiveFailures}</Fact>
        </dl>
        {automation.description ? (
          <p className="text-[13px] text-zinc-600 dark:text-zinc-300">{automation.description}</p>
        ) : null}
        <WaitingApprovals automationId={automation.id} />
        {automation.webhookPath ? (
          <section className="space-y-2">
            <h3 className="text-[13px] font-semibold">Webhook</h3>
            <WebhookInfo automationId={automation.id} />
          </section>
        ) : null}
        <AutomationHistory automation={automation} />
      </div>
    </div>
  );
}

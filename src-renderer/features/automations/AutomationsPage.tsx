import { useReconnected } from '../../api/connection';
import { useRoute, navigate } from '../../app/route';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { ClockIcon, PlusIcon } from '../../ui/icons';
import { AutomationDetail } from './AutomationDetail';
import { AutomationEditor } from './AutomationEditor';
import { AutomationList } from './AutomationList';
import { useAutomationList } from './store';
import { PausedAllBanner } from './PausedAllBanner';
import { WaitingApprovals } from './WaitingApprovals';

/**
 * `#/automations` lists them; `#/automations/new` creates one; `#/automations/<id>` shows one with
 * its history; `#/automations/<id>/edit` edits it.
 */
export function AutomationsPage() {
  const { rest } = useRoute();
  const [id, action] = rest;
  const { automations, byId, status, error, reload } = useAutomationList();
  useReconnected(() => void reload());

  if (id === 'new') return <AutomationEditor key="new" />;
  if (id) {
    const automation = byId[id];
    if (!automation) {
      if (status === 'loading' || status === 'idle')
        return <p className="p-5 text-xs text-zinc-500">Loading…</p>;
      return (
        <div className="p-5">
          <Banner
            tone="warning"
            actions={<Button onClick={() => navigate('automations')}>All automations</Button>}
          >
            {error
              ? `Could not load automations: ${error.message}`
              : 'This automation does not exist (any more).'}
          </Banner>
        </div>
      );
    }
    return action === 'edit' ? (
      <AutomationEditor key={automation.id} automation={automation} />
    ) : (
      <AutomationDetail automation={automation} />
    );
  }

  return (
    <div className="flex h-full flex-col">
      <div className="flex h-11 shrink-0 items-center justify-between border-b border-zinc-200 px-5 dark:border-zinc-800">
        <h2 className="text-[13px] font-semibold">Background agents</h2>
        <Button variant="primary" onClick={() => navigate('automations', 'new')}>
          <PlusIcon width={12} height={12} /> New automation
        </Button>
      </div>
      <div className="min-h-0 flex-1 space-y-4 overflow-y-auto p-5">
        {status === 'error' ? (
          <Banner tone="error" actions={<Button onClick={() => void reload()}>Retry</Button>}>
            Could not load automations: {error?.message}
          </Banner>
        ) : null}
        <PausedAllBanner />
        <WaitingApprovals />
        {automations.length ? (
          <AutomationList automations={automations} />
        ) : status === 'ready' ? (
          <EmptyState
            icon={<ClockIcon />}
            title="No automations yet"
            actions={
              <Button variant="primary" onClick={() => navigate('automations', 'new')}>
                New automation
              </Button>
            }
          >
            Run an agent on a schedule, when files change, on a webhook, at start or after another
            automation — unattended, with its own permissions and budget.
          </EmptyState>
        ) : status !== 'error' ? (
          <p className="text-xs text-zinc-500">Loading automations…</p>
        ) : null}
      </div>
    </div>
  );
}

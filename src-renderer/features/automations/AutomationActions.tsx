import { useState } from 'react';
import type { Automation } from '@shared/entities/automation';
import { useAction } from '../../api/use-action';
import { navigate } from '../../app/route';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { useAutomations } from './store';

/** Run now, pause or resume, edit, delete (asked first); failures are said beside the buttons. */
export function AutomationActions({
  automation,
  compact = false,
}: {
  automation: Automation;
  compact?: boolean;
}) {
  const runNow = useAutomations((s) => s.runNow);
  const pause = useAutomations((s) => s.pause);
  const resume = useAutomations((s) => s.resume);
  const remove = useAutomations((s) => s.remove);
  const { busy, error, run } = useAction();
  const [note, setNote] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const paused = automation.state !== 'active';

  const act = async (what: () => Promise<unknown>, done?: string) => {
    setNote(null);
    const ok = await run(what);
    if (ok && done) setNote(done);
    return ok;
  };

  return (
    <div
      className="flex flex-wrap items-center justify-end gap-1.5"
      role="group"
      aria-label={`Actions of ${automation.name}`}
    >
      {error ? (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </span>
      ) : null}
      {note ? (
        <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
          {note}
        </span>
      ) : null}
      <Button disabled={busy} onClick={() => void act(() => runNow(automation.id), 'Started')}>
        Run now
      </Button>
      {paused ? (
        <Button disabled={busy} onClick={() => void act(() => resume(automation.id))}>
          Resume
        </Button>
      ) : (
        <Button disabled={busy} onClick={() => void act(() => pause(automation.id))}>
          Pause
        </Button>
      )}
      {compact ? null : (
        <>
          <Button onClick={() => navigate('automations', automation.id, 'edit')}>Edit</Button>
          <Button variant="ghost" disabled={busy} onClick={() => setConfirming(true)}>
            Delete
          </Button>
        </>
      )}
      {confirming ? (
        <ConfirmDialog
          title={`Delete ${automation.name}?`}
          confirmLabel="Delete"
          danger
          busy={busy}
          onCancel={() => setConfirming(false)}
          onConfirm={() =>
            void act(() => remove(automation.id)).then((ok) => {
              setConfirming(false);
              if (ok) navigate('automations');
            })
          }
        >
          It stops firing and its runs going on are stopped. Its past runs and thread stay in the
          history.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

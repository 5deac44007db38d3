import { useEffect, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Agent } from '@shared/entities/agent';
import { toAppError } from '../../api/core';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { CopyIcon, TrashIcon } from '../../ui/icons';
import { AgentFormFields } from './AgentFormFields';
import { AgentHistory } from './builder/AgentHistory';
import { AgentsUsing } from './AgentsUsing';
import { ExportAgentButton, RunAgentButton } from './AgentLibraryActions';
import { useAgents } from './store';
import { useAgentForm } from './use-agent-form';

export interface AgentBuilderProps {
  /** The agent to edit, live from the store; undefined to build a new one. */
  agent: Agent | undefined;
  onSaved: (agent: Agent) => void;
  onDuplicated: (agent: Agent) => void;
  onDeleted: () => void;
  onCancel: () => void;
}

/** Create or edit one agent. Mount it with `key={agent?.id ?? 'new'}`. */
export function AgentBuilder({
  agent,
  onSaved,
  onDuplicated,
  onDeleted,
  onCancel,
}: AgentBuilderProps) {
  const form = useAgentForm(agent);
  const duplicate = useAgents((s) => s.duplicate);
  const remove = useAgents((s) => s.remove);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);

  // A change made elsewhere: take it over when nothing is being edited here, otherwise offer to reload.
  const changedElsewhere = !!agent && !!form.base && agent.revision > form.base.revision;
  const { dirty, adopt } = form;
  useEffect(() => {
    if (changedElsewhere && !dirty && agent) adopt(agent);
  }, [changedElsewhere, dirty, agent, adopt]);

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const saved = await form.save();
    if (saved) onSaved(saved);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) void submit(event);
  };

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setActionError(null);
    try {
      await action();
    } catch (error) {
      const appError = toAppError(error);
      setActionError(appError.hint ? `${appError.message} ${appError.hint}` : appError.message);
    } finally {
      setBusy(false);
    }
  };

  const base = form.base;
  return (
    <form
      onSubmit={submit}
      onKeyDown={onKeyDown}
      noValidate
      aria-label={base ? `Edit ${base.name}` : 'New agent'}
      className="flex h-full flex-col"
    >
      <div className="flex h-11 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
        <h2 className="truncate text-[13px] font-semibold">{base ? base.name : 'New agent'}</h2>
        <div className="flex items-center gap-1.5">
          {base ? (
            <>
              <ExportAgentButton agent={base} onError={setActionError} />
              <Button
                variant="ghost"
                disabled={busy}
                onClick={() => void run(async () => onDuplicated(await duplicate(base.id)))}
              >
                <CopyIcon width={14} height={14} /> Duplicate
              </Button>
              <Button variant="ghost" disabled={busy} onClick={() => setConfirmDelete(true)}>
                <TrashIcon width={14} height={14} /> Delete
              </Button>
              <span className="mx-1 h-4 w-px bg-zinc-200 dark:bg-zinc-800" aria-hidden="true" />
            </>
          ) : null}
          {base ? <RunAgentButton agent={base} /> : null}
          <Button onClick={onCancel}>{base ? 'Close' : 'Cancel'}</Button>
          <Button type="submit" variant="primary" disabled={form.saving} title="Save (Ctrl+Enter)">
            {form.saving ? 'Saving…' : base ? 'Save' : 'Create agent'}
          </Button>
        </div>
      </div>

      <div className="min-h-0 flex-1 overflow-y-auto px-5">
        <div className="mx-auto max-w-3xl space-y-2 pt-4">
          {form.conflict ? (
            <Banner
              tone="warning"
              actions={
                <>
                  <Button onClick={() => void form.reload()}>Reload</Button>
                  <Button
                    variant="primary"
                    onClick={() => void form.save({ overwrite: true }).then((a) => a && onSaved(a))}
                  >
                    Overwrite
                  </Button>
                </>
              }
            >
              This agent was changed elsewhere — reload or overwrite.
            </Banner>
          ) : changedElsewhere && dirty ? (
            <Banner
              tone="info"
              actions={<Button onClick={() => void form.reload()}>Reload</Button>}
            >
              This agent was changed elsewhere while you were editing it.
            </Banner>
          ) : null}
          {form.error ? (
            <Banner tone="error">
              <p>{form.error.message}</p>
              {form.error.hint ? <p className="opacity-80">{form.error.hint}</p> : null}
            </Banner>
          ) : null}
          {actionError ? <Banner tone="error">{actionError}</Banner> : null}
        </div>
        <div className="mx-auto max-w-3xl">
          <AgentFormFields
            values={form.values}
            errors={form.fieldErrors}
            base={base}
            onChange={form.setValue}
          />
          {base ? <AgentHistory agent={base} onRestored={form.adopt} /> : null}
        </div>
      </div>

      {confirmDelete && base ? (
        <ConfirmDialog
          title={`Delete “${base.name}”?`}
          confirmLabel="Delete agent"
          danger
          busy={busy}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() => {
            setConfirmDelete(false);
            void run(async () => {
              await remove(base.id);
              onDeleted();
            });
          }}
        >
          The agent is removed for every window and the CLI. This cannot be undone.
          <AgentsUsing kind="agent" id={base.id} />
        </ConfirmDialog>
      ) : null}
    </form>
  );
}

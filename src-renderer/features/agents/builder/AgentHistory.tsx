import { useState } from 'react';
import type { Agent } from '@shared/entities/agent';
import { toAppError } from '../../../api/core';
import { useApi } from '../../../api/context';
import { useLoader } from '../../../api/use-loader';
import { Banner } from '../../../ui/Banner';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { cx } from '../../../ui/cx';
import { Field, inputClass } from '../../../ui/Field';
import { FormSection } from '../../../ui/FormSection';
import { revisionDiff } from './revision-diff';

const when = (iso: string) => new Date(iso).toLocaleString();

const lineLook = {
  added: 'bg-emerald-50 text-emerald-800 dark:bg-emerald-500/10 dark:text-emerald-300',
  removed: 'bg-red-50 text-red-800 dark:bg-red-500/10 dark:text-red-300',
  same: 'text-zinc-600 dark:text-zinc-400',
  skipped: 'text-zinc-400 italic dark:text-zinc-500',
} as const;
const sign = { added: '+ ', removed: '- ', same: '  ', skipped: '  ' } as const;

/** History: every saved revision of the agent, what changed between two, and restoring one. */
export function AgentHistory({ agent, onRestored }: { agent: Agent; onRestored: (agent: Agent) => void }) {
  const api = useApi();
  const revisions = useLoader(() => api.call('agents.revisions', { id: agent.id }), [api, agent.id, agent.revision]);
  const list = revisions.data ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const right = to ?? list[0]?.revision;
  const left = from ?? list.find((r) => right !== undefined && r.revision < right)?.revision;
  const diff = useLoader(async () => {
    if (left === undefined || right === undefined) return null;
    const [a, b] = await Promise.all([
      api.call('agents.revision', { id: agent.id, revision: left }),
      api.call('agents.revision', { id: agent.id, revision: right }),
    ]);
    return revisionDiff(a.snapshot, b.snapshot);
  }, [api, agent.id, left, right]);
  const [restoring, setRestoring] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const restore = async (revision: number) => {
    setBusy(true);
    setError(null);
    try {
      onRestored(await api.call('agents.restore', { id: agent.id, revision }));
      setFrom(null);
      setTo(null);
    } catch (caught) {
      const e = toAppError(caught);
      setError(e.hint ? `${e.message} ${e.hint}` : e.message);
    } finally {
      setBusy(false);
      setRestoring(null);
    }
  };

  const select = (id: string, label: string, value: number | undefined, onChange: (n: number) => void) => (
    <Field id={id} label={label}>
      <select id={id} className={inputClass} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
        {list.map((r) => (
          <option key={r.revision} value={r.revision}>
            Revision {r.revision} — {when(r.createdAt)}
          </option>
        ))}
      </select>
    </Field>
  );

  return (
    <FormSection title="History" description="Every save is kept. Compare two revisions, or restore one (saved as a new revision).">
      {revisions.error ? <Banner tone="error">Could not load the history: {revisions.error.message}</Banner> : null}
      {error ? <Banner tone="error">{error}</Banner> : null}
      <ol aria-label="Revisions" className="max-h-56 divide-y divide-zinc-200 overflow-y-auto rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
        {list.map((r) => (
          <li key={r.revision} className="flex items-center justify-between gap-2 px-3 py-1.5 text-[13px]" data-testid="agent-revision">
            <span className="min-w-0 truncate">
              <span className="font-medium tabular-nums">Revision {r.revision}</span>
              <span className="text-zinc-500"> · {when(r.createdAt)} · {r.name}</span>
              {r.revision === agent.revision ? <span className="ml-1 text-xs text-indigo-600 dark:text-indigo-300">(current)</span> : null}
            </span>
            {r.revision !== agent.revision ? (
              <Button variant="ghost" disabled={busy} onClick={() => setRestoring(r.revision)} aria-label={`Restore revision ${r.revision}`}>
                Restore
              </Button>
            ) : null}
          </li>
        ))}
      </ol>
      {list.length > 1 ? (
        <>
          <div className="grid gap-3 sm:grid-cols-2">
            {select('agent-history-from', 'Compare', left, setFrom)}
            {select('agent-history-to', 'With', right, setTo)}
          </div>
          <pre aria-label="Changes between the revisions" className="max-h-80 overflow-auto rounded-md border border-zinc-200 py-1 font-mono text-xs leading-5 dark:border-zinc-800">
            {(diff.data ?? []).map((line, i) => (
              <div key={i} className={cx('px-2 whitespace-pre-wrap', lineLook[line.kind])} data-kind={line.kind}>
                {sign[line.kind]}
                {line.text}
              </div>
            ))}
            {diff.data && !diff.data.some((l) => l.kind === 'added' || l.kind === 'removed') ? <div className="px-2 text-zinc-500">No differences.</div> : null}
          </pre>
        </>
      ) : null}
      {restoring !== null ? (
        <ConfirmDialog
          title={`Restore revision ${restoring}?`}
          confirmLabel="Restore"
          busy={busy}
          onCancel={() => setRestoring(null)}
          onConfirm={() => void restore(restoring)}
        >
          The agent becomes as it was at revision {restoring}, saved as a new revision; its current settings stay in the history.
        </ConfirmDialog>
      ) : null}
    </FormSection>
  );
}

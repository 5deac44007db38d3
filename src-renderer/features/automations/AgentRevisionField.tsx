import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { cx } from '../../ui/cx';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { formatInZone } from './describe';

/** "revision 3 — Tue, 3 Mar, 09:00:00 CET" (with the agent's name then, when it was another). */
export function revisionLabel(
  revision: { revision: number; createdAt: string; name: string },
  currentName?: string,
): string {
  const named = currentName && revision.name !== currentName ? ` (as ${revision.name})` : '';
  return `Revision ${revision.revision} — ${formatInZone(revision.createdAt)}${named}`;
}

/**
 * Which revision of the agent runs: its latest at each run (null), or one pinned. The agent's
 * saved revisions (newest first) load when an agent is chosen.
 */
export function AgentRevisionField({
  agentId,
  agentName,
  latest,
  value,
  onChange,
  error,
}: {
  /** The chosen agent's id ('' while none is chosen). */
  agentId: string;
  agentName?: string | undefined;
  /** The agent's current revision: a new one reloads the list. */
  latest?: number | undefined;
  value: number | null;
  onChange: (revision: number | null) => void;
  error?: string | undefined;
}) {
  const api = useApi();
  const revisions = useLoader(
    () => (agentId ? api.call('agents.revisions', { id: agentId }) : Promise.resolve([])),
    [api, agentId, latest],
  );
  const list = revisions.data ?? [];
  const id = 'automation-agent-revision';
  const hint = revisions.error
    ? `Could not list its revisions: ${revisions.error.message}`
    : value === null
      ? 'Each run uses the agent as it is then; a pinned revision stays as it was saved.'
      : `Every run uses revision ${value}, whatever is saved later.`;
  return (
    <Field id={id} label="Revision of the agent" error={error} hint={hint}>
      <select
        className={cx(inputClass, 'max-w-96')}
        value={value === null ? '' : String(value)}
        disabled={!agentId}
        onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        {...describedBy(id, error, true)}
      >
        <option value="">Use its latest revision</option>
        {list.map((r) => (
          <option key={r.revision} value={String(r.revision)}>
            {revisionLabel(r, agentName)}
          </option>
        ))}
        {value !== null && !list.some((r) => r.revision === value) ? (
          <option value={String(value)}>Revision {value}</option>
        ) : null}
        {agentId && revisions.loading && !revisions.data ? (
          <option disabled value="loading">
            Loading its revisions…
          </option>
        ) : null}
      </select>
    </Field>
  );
}

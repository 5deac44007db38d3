import { useState } from 'react';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { href } from '../../app/route';
import { Button } from '../../ui/Button';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { Modal } from '../../ui/Modal';
import { suitesStoreFor, useSuiteList } from './suites-store';

const NEW = '\u0000new';

/**
 * Saves a finished chat run as a case of an agent suite (chosen, or made now): its input, its
 * answer as `expected`, the tools it called as `tool-called` assertions.
 */
export function SaveCaseDialog({ runId, onClose }: { runId: string; onClose: () => void }) {
  const api = useApi();
  const { suites, status } = useSuiteList();
  const agentSuites = suites.filter((s) => s.kind === 'agent');
  const [choice, setChoice] = useState<string>('');
  const [newName, setNewName] = useState('');
  const [caseId, setCaseId] = useState('');
  const [saved, setSaved] = useState<{ suiteId: string; suiteName: string; caseId: string } | null>(
    null,
  );
  const save = useAction();
  const chosen = choice || (agentSuites[0]?.id ?? NEW);
  const creating = chosen === NEW;
  const nameError = creating && !newName.trim() ? 'Name the new suite' : undefined;

  const onSave = () =>
    void save.run(async () => {
      const result = await api.call('eval.saveCase', {
        runId,
        suite: creating ? newName.trim() : chosen,
        create: creating,
        ...(caseId.trim() ? { caseId: caseId.trim() } : {}),
      });
      suitesStoreFor(api).getState().put(result.suite);
      setSaved({ suiteId: result.suite.id, suiteName: result.suite.name, caseId: result.caseId });
    });

  if (saved)
    return (
      <Modal
        title="Saved as a test case"
        onClose={onClose}
        actions={<Button onClick={onClose}>Close</Button>}
      >
        <p role="status">
          Case <span className="font-mono">{saved.caseId}</span> is in “{saved.suiteName}”.{' '}
          <a
            href={href('evals', saved.suiteId)}
            onClick={onClose}
            className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
          >
            Open the suite
          </a>
        </p>
      </Modal>
    );

  return (
    <Modal
      title="Save as a test case"
      onClose={onClose}
      actions={
        <>
          <Button onClick={onClose}>Cancel</Button>
          <Button variant="primary" onClick={onSave} disabled={save.busy || !!nameError}>
            Save case
          </Button>
        </>
      }
    >
      <div className="space-y-3">
        <p>
          The message becomes the input, the answer the expected one, and each tool it called a
          check.
        </p>
        <Field id="save-case-suite" label="Suite">
          <select
            id="save-case-suite"
            className={inputClass}
            value={chosen}
            onChange={(e) => setChoice(e.target.value)}
          >
            {agentSuites.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({s.caseCount} {s.caseCount === 1 ? 'case' : 'cases'})
              </option>
            ))}
            <option value={NEW}>A new suite…</option>
          </select>
        </Field>
        {status === 'loading' && !agentSuites.length ? (
          <p className="text-xs text-zinc-500">Loading the suites…</p>
        ) : null}
        {creating ? (
          <Field
            id="save-case-new"
            label="Name of the new suite"
            error={newName ? nameError : undefined}
          >
            <input
              className={inputClass}
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              {...describedBy('save-case-new', newName ? nameError : undefined)}
            />
          </Field>
        ) : null}
        <Field
          id="save-case-id"
          label="Case id (optional)"
          hint="Blank: one is made from the message."
        >
          <input
            className={inputClass}
            value={caseId}
            maxLength={100}
            onChange={(e) => setCaseId(e.target.value)}
            {...describedBy('save-case-id', undefined, true)}
          />
        </Field>
        {save.error ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {save.error}
          </p>
        ) : null}
      </div>
    </Modal>
  );
}

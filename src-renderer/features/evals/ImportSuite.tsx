import { useState } from 'react';
import { toAppError } from '../../api/core';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { navigate } from '../../app/route';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DropZone } from '../../ui/DropZone';
import type { PickedFile } from '../../ui/drop-files';
import { readText } from '../../ui/text-export';
import { formatOf } from './editor-text';
import { suitesStoreFor } from './suites-store';

interface Pending {
  name: string;
  content: string;
  format: 'yaml' | 'json';
  message: string;
}

/** Imports a suite file dropped or chosen; a suite of the same name is replaced only when confirmed. */
export function ImportSuite() {
  const api = useApi();
  const action = useAction();
  const [issues, setIssues] = useState<string[]>([]);
  const [conflict, setConflict] = useState<Pending | null>(null);

  const importFile = async (content: string, format: 'yaml' | 'json', replace: boolean) => {
    const suite = await suitesStoreFor(api).getState().importSuite(content, format, replace);
    navigate('evals', suite.id);
  };

  const onFiles = (files: PickedFile[]) => {
    const picked = files[0]!;
    setIssues([]);
    void action.run(async () => {
      const content = await readText(picked.file);
      const format = formatOf(content, picked.file.name);
      try {
        await importFile(content, format, false);
      } catch (caught) {
        const error = toAppError(caught);
        if (error.code === 'CONFLICT') {
          setConflict({ name: picked.file.name, content, format, message: error.message });
          return;
        }
        setIssues((error.issues ?? []).map((i) => i.message));
        throw error;
      }
    });
  };

  return (
    <div className="space-y-2">
      <DropZone
        label="Import a suite file"
        hint="A suite as YAML (.yaml, .yml) or JSON (.json)."
        folders={false}
        disabled={action.busy}
        onFiles={onFiles}
      />
      {action.error ? (
        <div role="alert" className="text-xs text-red-600 dark:text-red-400">
          <p>Could not import: {action.error}</p>
          {issues.length ? (
            <ul className="mt-1 list-disc pl-4">
              {issues.map((issue, i) => (
                <li key={i}>{issue}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {conflict ? (
        <ConfirmDialog
          title="Replace the suite?"
          confirmLabel="Replace"
          busy={action.busy}
          onCancel={() => setConflict(null)}
          onConfirm={() =>
            void action
              .run(() => importFile(conflict.content, conflict.format, true))
              .then(() => setConflict(null))
          }
        >
          {conflict.message} Importing {conflict.name} replaces its file; its past runs keep the
          version they ran.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

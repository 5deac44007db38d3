import { useRef, useState } from 'react';
import type { Suite } from '@shared/entities/eval';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { navigate } from '../../app/route';
import { Button } from '../../ui/Button';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { cx } from '../../ui/cx';
import { inputClass } from '../../ui/Field';
import { formatOf, offsetOf } from './editor-text';
import { suitesStoreFor } from './suites-store';
import { useSuiteValidation } from './use-suite-validation';
import { ValidationIssues } from './ValidationIssues';

/** Line and column (1-based) of an offset. */
function placeOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

const LINE_HEIGHT_PX = 20;

/**
 * A suite's file (YAML or JSON) in a monospaced editor, checked by the engine as you type; each
 * problem names its line:column and moves the cursor there. Saves a new suite (import) or the
 * suite given (update); deletes it.
 */
export function SuiteEditor({ suite, initial }: { suite?: Suite; initial: string }) {
  const api = useApi();
  const store = suitesStoreFor(api).getState();
  const [text, setText] = useState(initial);
  // The stored content the text started from: when the suite changes elsewhere (a case saved
  // from the chat) and nothing was typed since, the editor follows it.
  const [base, setBase] = useState(suite?.content ?? initial);
  if (suite && suite.content !== base) {
    if (text === base) setText(suite.content);
    setBase(suite.content);
  }
  const [cursor, setCursor] = useState({ line: 1, column: 1 });
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const format = formatOf(text);
  const validation = useSuiteValidation(text, format);
  const save = useAction();
  const remove = useAction();
  const dirty = text !== (suite?.content ?? '');

  const moveTo = (line: number, column: number) => {
    const el = area.current;
    if (!el) return;
    const offset = offsetOf(text, line, column);
    el.focus();
    el.setSelectionRange(offset, offset);
    el.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT_PX);
    setCursor(placeOf(text, offset));
  };

  const onSave = () =>
    void save
      .run(async () => {
        if (suite) await store.update(suite.id, text, format);
        else navigate('evals', (await store.importSuite(text, format)).id);
      })
      .then((ok) => setSaved(ok));

  const trackCursor = () => {
    const el = area.current;
    if (el) setCursor(placeOf(el.value, el.selectionStart));
  };

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <div className="flex items-center gap-2">
        <label
          htmlFor="suite-editor"
          className="text-xs font-medium text-zinc-700 dark:text-zinc-300"
        >
          Suite file ({format.toUpperCase()})
        </label>
        <span
          className="ml-auto text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400"
          data-testid="cursor-place"
        >
          Line {cursor.line}, column {cursor.column}
        </span>
      </div>
      <textarea
        id="suite-editor"
        ref={area}
        value={text}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-invalid={validation.result && !validation.result.ok ? true : undefined}
        aria-describedby="suite-validation"
        onChange={(e) => {
          setText(e.target.value);
          setSaved(false);
          setCursor(placeOf(e.target.value, e.target.selectionStart));
        }}
        onSelect={trackCursor}
        className={cx(
          inputClass,
          'min-h-72 flex-1 resize-none font-mono text-xs leading-5 whitespace-pre',
        )}
      />
      <div id="suite-validation">
        <ValidationIssues
          result={validation.result}
          pending={validation.pending}
          error={validation.error}
          onPick={(issue) => issue.line !== null && moveTo(issue.line, issue.column ?? 1)}
        />
      </div>
      {save.error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          Could not save: {save.error}
        </p>
      ) : null}
      {remove.error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          Could not delete: {remove.error}
        </p>
      ) : null}
      <div className="flex items-center gap-2">
        <Button variant="primary" onClick={onSave} disabled={save.busy || (!!suite && !dirty)}>
          {suite ? 'Save' : 'Create suite'}
        </Button>
        {suite ? (
          <>
            <Button onClick={() => setText(suite.content)} disabled={!dirty}>
              Revert
            </Button>
            <Button variant="ghost" className="ml-auto" onClick={() => setConfirmDelete(true)}>
              Delete suite
            </Button>
          </>
        ) : null}
        <span role="status" className="text-xs text-zinc-500 dark:text-zinc-400">
          {saved && !dirty ? 'Saved.' : suite && dirty ? 'Unsaved changes' : ''}
        </span>
      </div>
      {confirmDelete && suite ? (
        <ConfirmDialog
          title={`Delete “${suite.name}”?`}
          confirmLabel="Delete"
          danger
          busy={remove.busy}
          onCancel={() => setConfirmDelete(false)}
          onConfirm={() =>
            void remove
              .run(() => store.remove(suite.id))
              .then((ok) => {
                setConfirmDelete(false);
                if (ok) navigate('evals');
              })
          }
        >
          The suite and its file are deleted; this cannot be undone.
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

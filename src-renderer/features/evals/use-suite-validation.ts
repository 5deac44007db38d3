import { useEffect, useState } from 'react';
import type { MethodOutput } from '@shared/api/index';
import { useApi } from '../../api/context';
import { errorText } from '../../api/use-action';

export type Validation = MethodOutput<'eval.suites.validate'>;
export type ValidationIssue = Validation['issues'][number];

/** How long typing must pause before the text is checked. */
export const VALIDATE_AFTER_MS = 300;

/**
 * The engine's verdict on a suite's text, asked again a moment after each change (answers of an
 * older text are dropped). `pending` while the latest text is not checked yet.
 */
export function useSuiteValidation(content: string, format: 'yaml' | 'json') {
  const api = useApi();
  const [result, setResult] = useState<Validation | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      if (!content.trim()) {
        setResult({
          ok: false,
          name: null,
          caseCount: 0,
          issues: [{ message: 'The suite is empty', line: null, column: null, path: '' }],
        });
        setChecked(content);
        return;
      }
      api.call('eval.suites.validate', { content, format }).then(
        (value) => {
          if (!current) return;
          setResult(value);
          setError(null);
          setChecked(content);
        },
        (caught: unknown) => {
          if (!current) return;
          setError(errorText(caught));
          setChecked(content);
        },
      );
    }, VALIDATE_AFTER_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, content, format]);
  return { result, error, pending: checked !== content };
}

import { useCallback, useState } from 'react';
import type { AppError } from '@shared/errors';
import { toAppError } from './core';

/** A failure in words for the user: the error's message, then its hint (what to do next). */
export function errorText(caught: unknown): string {
  const error = toAppError(caught);
  return [error.message, error.hint].filter(Boolean).join(' ');
}

/** Says every failure as `errorText` does. */
const sayAll = (error: AppError): string | null => errorText(error);

/**
 * An action the user starts (a button): `busy` while it runs, its failure in words (`error`), and
 * whether it succeeded. Each run clears the last error. `say` may word a failure otherwise, or
 * answer null when it is shown elsewhere (e.g. at a field).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (action: () => Promise<unknown>, say = sayAll): Promise<boolean> => {
      setBusy(true);
      setError(null);
      try {
        await action();
        return true;
      } catch (caught) {
        setError(say(toAppError(caught)));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [],
  );
  return { busy, error, setError, run };
}

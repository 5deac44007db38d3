import { useState } from 'react';
import { useApi } from '../../api/context';
import { useAction } from '../../api/use-action';
import { Button } from '../../ui/Button';
import { suitesStoreFor } from './suites-store';

/**
 * Builds the "Agent Factory guide" knowledge base from the app's documentation, with a sample
 * retrieval suite and a sample agent suite (again: refreshes them).
 */
export function GuideSetup({ variant = 'secondary' }: { variant?: 'primary' | 'secondary' }) {
  const api = useApi();
  const action = useAction();
  const [done, setDone] = useState<string | null>(null);
  const setUp = () =>
    void action.run(async () => {
      setDone(null);
      const result = await api.call('eval.guide.setup', {});
      await suitesStoreFor(api).getState().reload();
      setDone(
        `Ready: the knowledge base “Agent Factory guide”, the agent “${result.agent}” and the suites ${result.suites.map((s) => `“${s}”`).join(', ')}.`,
      );
    });
  return (
    <div className="space-y-1.5">
      <Button variant={variant} onClick={setUp} disabled={action.busy}>
        {action.busy ? 'Setting up the guide samples…' : 'Set up the guide samples'}
      </Button>
      {done ? (
        <p role="status" className="text-xs text-emerald-700 dark:text-emerald-400">
          {done}
        </p>
      ) : null}
      {action.error ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">
          {action.error}
        </p>
      ) : null}
    </div>
  );
}

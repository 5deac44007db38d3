import { useEffect, useState } from 'react';
import type { CronTrigger } from '@shared/entities/automation';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { formatInZone } from './describe';

type Preview = { fires: string[]; error: null } | { fires: null; error: string } | null;

/**
 * The next five fires of a cron expression in its time zone, asked of the engine as the user types
 * (debounced); a wrong expression or zone shows the engine's reason instead.
 */
export function CronPreview({
  id,
  trigger,
  delayMs = 300,
}: {
  id: string;
  trigger: Omit<CronTrigger, 'kind'>;
  delayMs?: number;
}) {
  const api = useApi();
  const [preview, setPreview] = useState<Preview>(null);
  const { expr, timezone } = trigger;

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api.call('automations.preview', { trigger: { kind: 'cron', expr, timezone }, count: 5 }).then(
        ({ fires }) => current && setPreview({ fires, error: null }),
        (caught: unknown) => {
          if (!current) return;
          const error = toAppError(caught);
          setPreview({ fires: null, error: error.issues?.[0]?.message ?? error.message });
        },
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, expr, timezone, delayMs]);

  if (!preview)
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">Working out the next fires…</p>;
  if (preview.error !== null)
    return (
      <p
        id={`${id}-preview-error`}
        role="alert"
        data-testid="cron-preview-error"
        className="text-xs text-red-600 dark:text-red-400"
      >
        {preview.error}
      </p>
    );
  return (
    <div data-testid="cron-preview">
      <p className="text-xs text-zinc-500 dark:text-zinc-400">Next fires ({timezone}):</p>
      <ol className="mt-0.5 space-y-px font-mono text-[11px] text-zinc-700 dark:text-zinc-300">
        {preview.fires.map((fire) => (
          <li key={fire}>{formatInZone(fire, timezone)}</li>
        ))}
      </ol>
    </div>
  );
}

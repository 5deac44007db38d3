import { useEffect, useState } from 'react';
import { Trigger } from '@shared/entities/automation';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { formatInZone, localTimeZone } from './describe';

type Preview = { key: string } & (
  { fires: string[]; error: null } | { fires: null; error: string }
);

/** The zone a timed trigger's fires are shown in: a cron trigger's own, else this machine's. */
export function previewZone(trigger: Trigger): string {
  return trigger.kind === 'cron' ? trigger.timezone : localTimeZone();
}

/**
 * The next five fires of a timed trigger (cron, every, at), asked of the engine as the user types
 * (debounced). What the contract refuses is said without asking; what the engine refuses (a cron
 * expression it cannot read, a zone it does not know) shows the engine's reason.
 */
export function TriggerPreview({
  id,
  trigger,
  delayMs = 300,
}: {
  id: string;
  /** The trigger as built from the draft (it may not be valid yet). */
  trigger: unknown;
  delayMs?: number;
}) {
  const api = useApi();
  const [answer, setAnswer] = useState<Preview | null>(null);
  const parsed = Trigger.safeParse(trigger);
  const valid = parsed.success ? parsed.data : null;
  const localError = parsed.success ? null : (parsed.error.issues[0]?.message ?? 'Not valid yet');
  const key = valid ? JSON.stringify(valid) : null;

  useEffect(() => {
    if (!key) return;
    let current = true;
    const timer = setTimeout(() => {
      api.call('automations.preview', { trigger: JSON.parse(key) as Trigger, count: 5 }).then(
        ({ fires }) => current && setAnswer({ key, fires, error: null }),
        (caught: unknown) => {
          if (!current) return;
          const error = toAppError(caught);
          setAnswer({ key, fires: null, error: error.issues?.[0]?.message ?? error.message });
        },
      );
    }, delayMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, key, delayMs]);

  // While a changed trigger is being asked about, the last fires stay; an error of another trigger does not.
  const preview = answer && (answer.key === key || answer.error === null) ? answer : null;
  const error = localError ?? preview?.error ?? null;
  if (error !== null)
    return (
      <p
        id={`${id}-preview-error`}
        role="alert"
        data-testid="trigger-preview-error"
        className="text-xs text-red-600 dark:text-red-400"
      >
        {error}
      </p>
    );
  const fires = preview?.fires;
  if (!valid || !fires)
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">Working out the next fires…</p>;
  const zone = previewZone(valid);
  if (!fires.length)
    return (
      <p data-testid="trigger-preview" className="text-xs text-zinc-500 dark:text-zinc-400">
        It will not fire again{valid.kind === 'at' ? ': that time has passed.' : '.'}
      </p>
    );
  // The fires of the trigger as it was, while the changed one is being asked about.
  const stale = preview?.key !== key;
  return (
    <div
      data-testid="trigger-preview"
      aria-busy={stale || undefined}
      className={stale ? 'opacity-60' : undefined}
    >
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {fires.length === 1 ? 'Fires' : 'Next fires'} ({zone}):
      </p>
      <ol className="mt-0.5 space-y-px font-mono text-[11px] text-zinc-700 dark:text-zinc-300">
        {fires.map((fire) => (
          <li key={fire}>
            <time dateTime={fire}>{formatInZone(fire, zone)}</time>
          </li>
        ))}
      </ol>
    </div>
  );
}

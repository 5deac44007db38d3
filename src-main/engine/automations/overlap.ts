import type { OverlapPolicy } from '@shared/entities/automation';

/**
 * What a fire does when it meets runs of the same automation still going on. Pure.
 * `start`: start a run now. `skip`: record it as `skipped_overlap`. `queue`: wait for the running one.
 * `replace`: cancel the running run(s), then start. `coalesce`: one fire is already waiting; fold this one into it.
 */
export type OverlapDecision =
  | { action: 'start' }
  | { action: 'skip'; status: 'skipped_overlap'; reason: string }
  | { action: 'queue' }
  | { action: 'replace'; reason: string }
  | { action: 'coalesce'; status: 'coalesced'; reason: string };

export interface OverlapState {
  /** Runs of this automation going on. */
  running: number;
  /** Fires of this automation waiting for a run to end. */
  queued: number;
  /** `parallel`: most runs at once (default: no limit). */
  maxParallel?: number | undefined;
}

export function onFire(policy: OverlapPolicy, { running, queued, maxParallel = Infinity }: OverlapState): OverlapDecision {
  if (running === 0 && queued === 0) return { action: 'start' };
  switch (policy) {
    case 'parallel':
      // At the limit, fires wait their turn.
      return running + queued < maxParallel ? { action: 'start' } : { action: 'queue' };
    case 'skip':
      return {
        action: 'skip',
        status: 'skipped_overlap',
        reason: 'The previous run was still going on (overlap policy: skip)',
      };
    case 'queue-all':
      return { action: 'queue' };
    case 'queue-one':
      return queued === 0
        ? { action: 'queue' }
        : {
            action: 'coalesce',
            status: 'coalesced',
            reason: 'A fire was already waiting (overlap policy: queue one)',
          };
    case 'replace':
      return { action: 'replace', reason: 'Replaced by a newer fire (overlap policy: replace)' };
  }
}

/** After a run ended: start the next waiting fire if nothing else of the automation is running. */
export function onRunEnded(
  policy: OverlapPolicy,
  { running, queued, maxParallel = Infinity }: OverlapState,
): 'start-queued' | 'idle' {
  if (queued === 0) return 'idle';
  return running === 0 || (policy === 'parallel' && running < maxParallel) ? 'start-queued' : 'idle';
}

import type { JsonObject } from '@shared/entities/llm';
import type { ApprovalDecision, PendingApproval } from '@shared/entities/run';
import { AppError } from '@shared/errors';

/** A person's decision, or `expired` when a wait with a time limit ran out unanswered. */
export type GateAnswer = ApprovalDecision | 'expired';

interface Waiter {
  approval: PendingApproval;
  resolve: (answer: GateAnswer) => void;
  reject: (error: unknown) => void;
}

/**
 * The tool calls of one run that wait for the user. `request` resolves with the decision given
 * through `answer` (or `expired` after `expiresAfterMs`); `allow_for_run` also allows every later
 * (and waiting) call of that tool.
 */
export class ApprovalGate {
  private readonly waiting = new Map<string, Waiter>();
  private readonly allowedTools = new Set<string>();

  constructor(private readonly onChange: (pending: PendingApproval[]) => void) {}

  pending(): PendingApproval[] {
    return [...this.waiting.values()].map((w) => w.approval);
  }

  isAllowedForRun(toolName: string): boolean {
    return this.allowedTools.has(toolName);
  }

  request(callId: string, toolName: string, args: JsonObject, signal: AbortSignal, expiresAfterMs?: number): Promise<GateAnswer> {
    if (this.allowedTools.has(toolName)) return Promise.resolve('allow_for_run');
    return new Promise<GateAnswer>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        this.waiting.delete(callId);
        this.onChange(this.pending());
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (answer: GateAnswer) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(answer);
      };
      this.waiting.set(callId, {
        approval: { callId, toolName, arguments: args, requestedAt: new Date().toISOString() },
        resolve: settle,
        reject,
      });
      if (expiresAfterMs !== undefined) {
        timer = setTimeout(() => {
          this.waiting.delete(callId);
          this.onChange(this.pending());
          settle('expired');
        }, expiresAfterMs);
      }
      this.onChange(this.pending());
    });
  }

  answer(callId: string, decision: ApprovalDecision): void {
    const waiter = this.waiting.get(callId);
    if (!waiter) {
      throw new AppError('NOT_FOUND', `No tool call ${callId} is waiting for approval in this run.`, {
        hint: 'It may have been answered already; see the run’s pending approvals.',
      });
    }
    const settle = (w: Waiter, d: ApprovalDecision) => {
      this.waiting.delete(w.approval.callId);
      w.resolve(d);
    };
    settle(waiter, decision);
    if (decision === 'allow_for_run') {
      this.allowedTools.add(waiter.approval.toolName);
      for (const other of [...this.waiting.values()]) {
        if (other.approval.toolName === waiter.approval.toolName) settle(other, 'allow_for_run');
      }
    }
    this.onChange(this.pending());
  }
}

import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AutomationRun } from '@shared/entities/automation';
import type { Bus } from '../bus/bus';
import { appendResult, postResult } from './deliver';
import { notificationFor } from './notifications';
import type { AutomationRepository, StoredAutomation } from './repository';

const INBOX_BODY_MAX = 4000;
/** Ends that are worth an inbox item (a user's cancel is not). */
const INBOX_STATUSES = new Set(['succeeded', 'failed', 'timed_out', 'interrupted']);

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export interface DeliveryInput {
  automation: StoredAutomation;
  record: AutomationRun;
  output: string | null;
  repo: AutomationRepository;
  bus: Bus;
  logger: Logger;
}

/**
 * After a run of an automation ended: moves "last succeeded" (only on success) and the failure
 * count, then delivers the result as the automation says — inbox item, OS notification, POST, file.
 * A delivery that fails is logged and never fails the run. Answers the automation as stored now.
 */
export async function deliver(input: DeliveryInput): Promise<StoredAutomation | undefined> {
  const { automation: a, record, output, repo, bus, logger } = input;
  const succeeded = record.status === 'succeeded';
  const failedRun = record.status === 'failed' || record.status === 'timed_out';
  const updated = succeeded
    ? await repo.update(a.id, { lastSucceededAt: new Date(record.finishedAt ?? Date.now()), lastOutput: output, consecutiveFailures: 0 })
    : failedRun
      ? await repo.update(a.id, { consecutiveFailures: a.consecutiveFailures + 1 })
      : undefined;
  const { delivery } = a;
  const text = output ?? record.reason ?? '';

  if (delivery.inbox && INBOX_STATUSES.has(record.status)) {
    const item = await repo.addInbox({
      id: randomUUID(),
      automationId: a.id,
      automationName: a.name,
      automationRunId: record.id,
      runId: record.runId,
      status: record.status,
      title: succeeded ? `${a.name}` : `${a.name}: ${record.status.replace('_', ' ')}`,
      body: cut(text, INBOX_BODY_MAX),
    });
    const unread = await repo.unreadTotal();
    bus.publish('inbox.changed', { unread, item });
  }
  const notification = notificationFor({ automation: { id: a.id, name: a.name }, run: record, output, previousOutput: a.lastOutput, notify: delivery.notify });
  if (notification) bus.publish('automations.notify', notification);
  const finishedAt = record.finishedAt ?? new Date().toISOString();
  if (delivery.postUrl) {
    const posted = await postResult(delivery.postUrl, { automation: { id: a.id, name: a.name }, run: record, status: record.status, output });
    if (!posted.ok) logger.warn({ automation: a.name, url: delivery.postUrl, status: posted.status, error: posted.error }, 'could not POST the automation result');
  }
  if (delivery.appendFile) {
    await appendResult(delivery.appendFile, { automationName: a.name, runId: record.runId, status: record.status, finishedAt, output: text }).catch((error: unknown) =>
      logger.warn({ err: error, automation: a.name, file: delivery.appendFile }, 'could not append the automation result'),
    );
  }
  return updated;
}

import { z } from 'zod';
import {
  Automation,
  AutomationConfig,
  AutomationNotification,
  AutomationOverview,
  AutomationPatch,
  AutomationRun,
  AutomationRunStatus,
  InboxItem,
  Trigger,
} from '../entities/automation';
import { method } from './define';

/** An automation's id or name. */
const AutomationRef = z.string().trim().min(1).max(200);
const Ref = z.object({ automation: AutomationRef }).strict();

export const automationMethods = {
  /** Every automation with its state, next fire and last result, by name. */
  'automations.list': method(z.object({}).strict().default({}), z.array(Automation)),
  'automations.get': method(Ref, Automation),
  /** Creates an automation; it is scheduled at once unless created paused. */
  'automations.create': method(AutomationConfig.strict(), Automation),
  /** Changes any part of an automation. A changed trigger starts afresh from now (nothing of the old schedule is due). */
  'automations.update': method(
    z.object({ automation: AutomationRef, patch: AutomationPatch }).strict(),
    Automation,
  ),
  /** Deletes it, stopping its runs; its runs and thread stay in history. */
  'automations.delete': method(Ref, z.object({ deleted: z.boolean() })),
  /** Stops firing it (runs going on finish). */
  'automations.pause': method(Ref, Automation),
  /** Fires it again from now: what fell due while paused never fires (no backlog). */
  'automations.resume': method(Ref, Automation),
  /** Fires it now, by hand (its overlap policy and conditions apply). `input` replaces its message once. */
  'automations.run': method(
    z.object({ automation: AutomationRef, input: z.string().trim().min(1).max(100_000).optional() }).strict(),
    AutomationRun,
  ),
  /** What became of its fires, newest first. */
  'automations.history': method(
    z
      .object({
        automation: AutomationRef.optional(),
        status: AutomationRunStatus.optional(),
        limit: z.number().int().min(1).max(1000).default(100),
        /** Only records created before this ISO time (paging). */
        before: z.iso.datetime({ offset: true }).optional(),
      })
      .strict()
      .default({ limit: 100 }),
    z.array(AutomationRun),
  ),
  /** The next `count` fires of a timed trigger (for the editor's preview). */
  'automations.preview': method(
    z
      .object({
        trigger: Trigger,
        count: z.number().int().min(1).max(20).default(5),
        /** From this ISO time (default now). */
        after: z.iso.datetime({ offset: true }).optional(),
      })
      .strict(),
    z.object({ fires: z.array(z.string()) }),
  ),
  /** The webhook's path and secret (`rotate` makes a new secret; the old one stops working). */
  'automations.webhookSecret': method(
    z.object({ automation: AutomationRef, rotate: z.boolean().default(false) }).strict(),
    z.object({ path: z.string(), secret: z.string() }),
  ),
  /** What the tray shows: runs going on, runs waiting for approval, next fires, unread items, global pause. */
  'automations.overview': method(z.object({}).strict().default({}), AutomationOverview),
  /** Pauses every automation, for `forMs` or (null) until resumed. Runs going on finish. */
  'automations.pauseAll': method(z.object({ forMs: z.number().int().min(60_000).max(30 * 86_400_000).nullable() }).strict(), AutomationOverview),
  'automations.resumeAll': method(z.object({}).strict().default({}), AutomationOverview),
  /** The inbox: results of automations' runs, newest first. */
  'inbox.list': method(
    z
      .object({ unreadOnly: z.boolean().default(false), automation: AutomationRef.optional(), limit: z.number().int().min(1).max(500).default(100) })
      .strict()
      .default({ unreadOnly: false, limit: 100 }),
    z.array(InboxItem),
  ),
  /** Marks items read (`ids`), or all of them (no ids); answers how many are still unread. */
  'inbox.markRead': method(
    z.object({ ids: z.array(z.string().min(1).max(64)).max(1000).optional(), unread: z.boolean().default(false) }).strict(),
    z.object({ unread: z.number().int().min(0) }),
  ),
};

export const automationEvents = {
  'automations.changed': z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('upserted'), automation: Automation }),
    z.object({ kind: z.literal('deleted'), id: z.string() }),
  ]),
  /** A run record was written or changed (live history). */
  'automations.run': AutomationRun,
  /** The inbox changed: how many items are unread now. */
  'inbox.changed': z.object({ unread: z.number().int().min(0), item: InboxItem.optional() }),
  /** An OS notification to show (the desktop shell shows it; text decided by the engine). */
  'automations.notify': AutomationNotification,
};

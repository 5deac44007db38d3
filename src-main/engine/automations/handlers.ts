import type { automationMethods } from '@shared/api/automations';
import type { HandlerSlice } from '../handlers';
import type { AutomationService } from './service';

export function automationHandlers(automations: AutomationService): HandlerSlice<typeof automationMethods> {
  return {
    'automations.list': () => automations.list(),
    'automations.get': ({ automation }) => automations.get(automation),
    'automations.create': (config) => automations.create(config),
    'automations.update': ({ automation, patch }) => automations.update(automation, patch),
    'automations.delete': ({ automation }) => automations.delete(automation),
    'automations.pause': ({ automation }) => automations.pause(automation),
    'automations.resume': ({ automation }) => automations.resume(automation),
    'automations.run': ({ automation, input }) => automations.runNow(automation, input),
    'automations.history': ({ automation, status, limit, before }) =>
      automations.history({ limit, ...(automation ? { automation } : {}), ...(status ? { status } : {}), ...(before ? { before } : {}) }),
    'automations.preview': async ({ trigger, count, after }) => automations.preview(trigger, count, after),
    'automations.webhookSecret': ({ automation, rotate }) => automations.webhookSecret(automation, rotate),
    'automations.overview': () => automations.overview(),
    'automations.pauseAll': ({ forMs }) => automations.pauseAll(forMs),
    'automations.resumeAll': () => automations.resumeAll(),
    'inbox.list': ({ unreadOnly, automation, limit }) => automations.inbox({ unreadOnly, limit, ...(automation ? { automation } : {}) }),
    'inbox.markRead': ({ ids, unread }) => automations.markRead(ids, unread),
  };
}

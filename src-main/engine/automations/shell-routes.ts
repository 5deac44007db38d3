import type { AutomationNotification } from '@shared/entities/automation';
import type { TrayAction } from './tray-menu';

/**
 * Where the desktop shell takes the window for a tray item or a clicked notification, and what else
 * an action does. Routes are the renderer's hash routes (src-renderer/app/route.ts):
 * `#/runs/<agent>/<run>`, `#/automations/<automation>`, `#/automations`, `#/automations/new`, `#/inbox`.
 */

export type ShellTarget =
  | { kind: 'run'; runId: string; automationId?: string | undefined }
  | { kind: 'automation'; automationId: string }
  | { kind: 'automations' }
  | { kind: 'new-automation' }
  | { kind: 'inbox' };

/**
 * The route segments of a target. A run's route names its agent: without it (the run is gone, or
 * unknown) the automation's page is the next best place, else the Automations page.
 */
export function routeFor(target: ShellTarget, agentIdOfRun: string | null = null): string[] {
  switch (target.kind) {
    case 'run':
      if (agentIdOfRun) return ['runs', agentIdOfRun, target.runId];
      return target.automationId ? ['automations', target.automationId] : ['automations'];
    case 'automation':
      return ['automations', target.automationId];
    case 'automations':
      return ['automations'];
    case 'new-automation':
      return ['automations', 'new'];
    case 'inbox':
      return ['inbox'];
  }
}

/** The hash of a route, as the renderer's `href` writes it: `#/runs/a%2Fb/r1`. */
export function routeHash(segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}

/** What clicking a notification opens. */
export function notificationTarget(notification: AutomationNotification): ShellTarget {
  return notification.open.kind === 'run'
    ? { kind: 'run', runId: notification.open.runId, automationId: notification.automationId }
    : { kind: 'automation', automationId: notification.open.automationId };
}

/** What a tray action does: an engine call, showing the window (at a target), or quitting. */
export type TrayEffect =
  | { kind: 'call'; method: 'runs.cancel'; input: { runId: string } }
  | { kind: 'call'; method: 'automations.pauseAll'; input: { forMs: number | null } }
  | { kind: 'call'; method: 'automations.resumeAll'; input: Record<string, never> }
  | { kind: 'show'; target?: ShellTarget }
  | { kind: 'quit' };

export function trayEffect(action: TrayAction): TrayEffect {
  switch (action.type) {
    case 'stop-run':
      return { kind: 'call', method: 'runs.cancel', input: { runId: action.runId } };
    case 'pause-all':
      return { kind: 'call', method: 'automations.pauseAll', input: { forMs: action.forMs } };
    case 'resume-all':
      return { kind: 'call', method: 'automations.resumeAll', input: {} };
    case 'open-run':
      return { kind: 'show', target: { kind: 'run', runId: action.runId } };
    case 'open-automation':
      return { kind: 'show', target: { kind: 'automation', automationId: action.automationId } };
    case 'open-automations':
      return { kind: 'show', target: { kind: 'automations' } };
    case 'new-automation':
      return { kind: 'show', target: { kind: 'new-automation' } };
    case 'open-inbox':
      return { kind: 'show', target: { kind: 'inbox' } };
    case 'show-window':
      return { kind: 'show' };
    case 'quit':
      return { kind: 'quit' };
  }
}

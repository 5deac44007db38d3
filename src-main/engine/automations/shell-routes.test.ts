import { describe, expect, it } from 'vitest';
import { notificationTarget, routeFor, routeHash, trayEffect } from './shell-routes';

describe('where the shell takes the window', () => {
  it('a run opens under its agent; unknown agent: its automation, else the Automations page', () => {
    expect(routeFor({ kind: 'run', runId: 'r1', automationId: 'a1' }, 'ag1')).toEqual(['runs', 'ag1', 'r1']);
    expect(routeFor({ kind: 'run', runId: 'r1', automationId: 'a1' }, null)).toEqual(['automations', 'a1']);
    expect(routeFor({ kind: 'run', runId: 'r1' })).toEqual(['automations']);
    expect(routeFor({ kind: 'inbox' })).toEqual(['inbox']);
    expect(routeFor({ kind: 'new-automation' })).toEqual(['automations', 'new']);
  });

  it('writes hashes like the renderer does', () => {
    expect(routeHash(['runs', 'a/b', 'r 1'])).toBe('#/runs/a%2Fb/r%201');
  });

  it('a clicked notification opens its run, or its automation', () => {
    expect(
      notificationTarget({ title: 't', body: 'b', automationId: 'a1', open: { kind: 'run', runId: 'r1' } }),
    ).toEqual({ kind: 'run', runId: 'r1', automationId: 'a1' });
    expect(
      notificationTarget({ title: 't', body: 'b', automationId: 'a1', open: { kind: 'automation', automationId: 'a1' } }),
    ).toEqual({ kind: 'automation', automationId: 'a1' });
  });

  it('tray actions: engine calls, the window at a place, or quit', () => {
    expect(trayEffect({ type: 'stop-run', runId: 'r1' })).toEqual({ kind: 'call', method: 'runs.cancel', input: { runId: 'r1' } });
    expect(trayEffect({ type: 'pause-all', forMs: null })).toEqual({ kind: 'call', method: 'automations.pauseAll', input: { forMs: null } });
    expect(trayEffect({ type: 'resume-all' })).toEqual({ kind: 'call', method: 'automations.resumeAll', input: {} });
    expect(trayEffect({ type: 'open-run', runId: 'r1' })).toEqual({ kind: 'show', target: { kind: 'run', runId: 'r1' } });
    expect(trayEffect({ type: 'open-automations' })).toEqual({ kind: 'show', target: { kind: 'automations' } });
    expect(trayEffect({ type: 'show-window' })).toEqual({ kind: 'show' });
    expect(trayEffect({ type: 'new-automation' })).toEqual({ kind: 'show', target: { kind: 'new-automation' } });
    expect(trayEffect({ type: 'quit' })).toEqual({ kind: 'quit' });
  });
});

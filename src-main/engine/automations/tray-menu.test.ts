import { describe, expect, it } from 'vitest';
import { AutomationOverview } from '@shared/entities/automation';
import { trayBadge, trayMenu, trayTooltip, type TrayItem } from './tray-menu';
import { cut, duration, whenAhead } from './tray-text';

const now = new Date('2026-03-10T10:00:00Z');
const UTC = { timeZone: 'UTC' };
const opts = { windowVisible: false, ...UTC };
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

function overview(patch: Partial<AutomationOverview> = {}): AutomationOverview {
  return AutomationOverview.parse({
    running: [],
    waiting: [],
    next: [],
    unread: 0,
    pausedAll: null,
    total: 2,
    active: 2,
    ...patch,
  });
}

/** The menu as lines a person reads: "—" for separators, "# " for headers, "(off)" for disabled items. */
function lines(items: TrayItem[]): string[] {
  return items.flatMap((i): string[] => {
    if (i.kind === 'separator') return ['—'];
    if (i.kind === 'header') return [`# ${i.label}`];
    if (i.kind === 'submenu') return [`${i.label} >`, ...lines(i.items).map((l) => `  ${l}`)];
    return [i.enabled ? i.label : `${i.label} (off)`];
  });
}

const find = (items: TrayItem[], label: RegExp) =>
  items.find((i): i is Extract<TrayItem, { kind: 'item' }> => i.kind === 'item' && label.test(i.label));

describe('tray menu', () => {
  it('with nothing set up offers to create the first automation, which opens the window', () => {
    const menu = trayMenu(overview({ total: 0, active: 0 }), now, opts);
    expect(lines(menu)).toEqual(['No automations yet — create one', '—', 'Open Agent Factory', 'Quit Agent Factory']);
    expect(find(menu, /create one/)?.action).toEqual({ type: 'new-automation' });
    expect(trayTooltip(overview({ total: 0, active: 0 }), now)).toBe('Agent Factory — no automations yet');
  });

  it('lists running runs to stop with their elapsed time, next fires, the inbox and the pause', () => {
    const menu = trayMenu(
      overview({
        running: [
          { automationRunId: 'ar1', automationId: 'a1', automationName: 'Inbox digest', runId: 'r1', startedAt: at(-185_000) },
        ],
        next: [
          { automationId: 'a2', automationName: 'Backup notes', at: at(12 * 60_000) },
          { automationId: 'a1', automationName: 'Inbox digest', at: '2026-03-11T09:00:00Z' },
        ],
        unread: 3,
      }),
      now,
      opts,
    );
    expect(lines(menu)).toEqual([
      '# 1 automation running',
      'Stop Inbox digest (running 3 min)',
      '—',
      '# Next',
      'Backup notes — in 12 min',
      'Inbox digest — at 09:00 tomorrow',
      '—',
      'Inbox (3 unread)',
      '—',
      'Pause all for 1 hour',
      'Pause all until resumed',
      '—',
      'Open Agent Factory',
      'Quit Agent Factory',
    ]);
    expect(find(menu, /^Stop/)?.action).toEqual({ type: 'stop-run', runId: 'r1' });
    expect(find(menu, /Backup/)?.action).toEqual({ type: 'open-automation', automationId: 'a2' });
    expect(find(menu, /^Inbox \(/)?.action).toEqual({ type: 'open-inbox' });
    expect(find(menu, /1 hour/)?.action).toEqual({ type: 'pause-all', forMs: 3600_000 });
    expect(find(menu, /until resumed/)?.action).toEqual({ type: 'pause-all', forMs: null });
  });

  it('counts running automations in the plural, and a fire not yet started cannot be stopped', () => {
    const menu = trayMenu(
      overview({
        running: [
          { automationRunId: 'ar1', automationId: 'a1', automationName: 'One', runId: 'r1', startedAt: at(-5_000) },
          { automationRunId: 'ar2', automationId: 'a2', automationName: 'Two', runId: null, startedAt: at(0) },
        ],
      }),
      now,
      opts,
    );
    expect(lines(menu).slice(0, 3)).toEqual(['# 2 automations running', 'Stop One (running 5 s)', 'Two is starting… (off)']);
  });

  it('lists at most five runs and counts the rest in an item that opens the Automations page', () => {
    const running = Array.from({ length: 7 }, (_, i) => ({
      automationRunId: `ar${i}`,
      automationId: `a${i}`,
      automationName: `Job ${i}`,
      runId: `r${i}`,
      startedAt: at(-3_600_000 - 5 * 60_000),
    }));
    const menu = trayMenu(overview({ running, total: 7, active: 7 }), now, opts);
    const text = lines(menu);
    expect(text.filter((l) => l.startsWith('Stop '))).toHaveLength(5);
    expect(text).toContain('Stop Job 0 (running 1 h 5 min)');
    expect(find(menu, /2 more running/)?.action).toEqual({ type: 'open-automations' });
  });

  it('shows runs waiting for approval, opening the run', () => {
    const menu = trayMenu(
      overview({ waiting: [{ automationId: 'a1', automationName: 'Mailer', runId: 'r9', toolName: 'gmail:send', callId: 'c1' }] }),
      now,
      opts,
    );
    expect(lines(menu)).toContain('# Waiting for you');
    expect(find(menu, /waits for approval/)).toMatchObject({
      label: 'Mailer waits for approval of gmail:send',
      action: { type: 'open-run', runId: 'r9' },
    });
  });

  it('when all are paused for a time: says until when, offers to resume, and lists no next fires', () => {
    const paused = overview({
      pausedAll: { until: '2026-03-10T14:05:00Z' },
      next: [{ automationId: 'a1', automationName: 'X', at: at(60_000) }],
    });
    const menu = trayMenu(paused, now, opts);
    expect(lines(menu)).toEqual([
      '# All automations paused until 14:05',
      '—',
      'Inbox',
      '—',
      'Resume all (paused until 14:05)',
      '—',
      'Open Agent Factory',
      'Quit Agent Factory',
    ]);
    expect(find(menu, /^Resume/)?.action).toEqual({ type: 'resume-all' });
    expect(trayTooltip(paused, now, UTC)).toBe('Agent Factory — paused until 14:05');
    expect(trayBadge(paused).icon).toBe('paused');
  });

  it('when paused until resumed, and until a time on another day', () => {
    expect(lines(trayMenu(overview({ pausedAll: { until: null } }), now, opts))).toContain('Resume all (paused until resumed)');
    expect(lines(trayMenu(overview({ pausedAll: { until: '2026-03-11T08:00:00Z' } }), now, opts))).toContain(
      'Resume all (paused until 08:00 tomorrow)',
    );
  });

  it('cuts long names with an ellipsis', () => {
    const long = 'Summarise every new paper on arXiv about retrieval augmented generation';
    const menu = trayMenu(overview({ next: [{ automationId: 'a1', automationName: long, at: at(90_000) }] }), now, opts);
    const label = find(menu, /Summarise/)!.label;
    expect(label).toBe('Summarise every new paper on arXiv… — in 2 min');
    expect(label.split(' — ')[0]!.length).toBeLessThanOrEqual(40);
  });

  it('names the window item after whether the window shows', () => {
    expect(find(trayMenu(overview(), now, { ...opts, windowVisible: true }), /window/)?.label).toBe('Show window');
    expect(find(trayMenu(overview(), now, opts), /Open Agent/)?.action).toEqual({ type: 'show-window' });
  });

  it('says so when automations exist but none is active', () => {
    expect(lines(trayMenu(overview({ active: 0 }), now, opts))[0]).toBe('# No automation is active');
  });

  it('never starts or ends with a separator, nor puts two together', () => {
    const menus = [
      overview(),
      overview({ total: 0, active: 0 }),
      overview({ pausedAll: { until: null }, unread: 1 }),
      overview({ running: [{ automationRunId: 'a', automationId: 'a', automationName: 'A', runId: 'r', startedAt: at(0) }] }),
    ].map((o) => lines(trayMenu(o, now, opts)).join('\n'));
    for (const menu of menus) {
      expect(menu.startsWith('—')).toBe(false);
      expect(menu.endsWith('—')).toBe(false);
      expect(menu).not.toContain('—\n—');
    }
  });

  it('uses the locale clock when one is given', () => {
    const menu = trayMenu(
      overview({ next: [{ automationId: 'a1', automationName: 'A', at: '2026-03-10T15:30:00Z' }] }),
      now,
      { ...opts, locale: 'en-US' },
    );
    expect(find(menu, /^A —/)?.label).toMatch(/^A — at 0?3:30\sPM$/);
  });
});

describe('tray tooltip and badge', () => {
  it('sums up what goes on', () => {
    const o = overview({
      running: [{ automationRunId: 'a', automationId: 'a', automationName: 'A', runId: 'r', startedAt: at(0) }],
      unread: 2,
      next: [{ automationId: 'b', automationName: 'Backup', at: at(5 * 60_000) }],
    });
    expect(trayTooltip(o, now, UTC)).toBe('Agent Factory — 1 running · 2 unread · next: Backup in 5 min');
    expect(trayTooltip(overview({ total: 1, active: 1 }), now)).toBe('Agent Factory — 1 automation active');
    expect(trayTooltip(overview({ total: 3, active: 3 }), now)).toBe('Agent Factory — 3 automations active');
  });

  it('shows the unread count, else a running indicator', () => {
    const running = [{ automationRunId: 'a', automationId: 'a', automationName: 'A', runId: 'r', startedAt: at(0) }];
    expect(trayBadge(overview())).toEqual({ icon: 'idle', text: '', unread: 0, running: 0 });
    expect(trayBadge(overview({ running }))).toEqual({ icon: 'running', text: '', unread: 0, running: 1 });
    expect(trayBadge(overview({ running, unread: 4 }))).toEqual({ icon: 'attention', text: '4', unread: 4, running: 1 });
    expect(trayBadge(overview({ unread: 150 })).text).toBe('99+');
    expect(
      trayBadge(overview({ waiting: [{ automationId: 'a', automationName: 'A', runId: 'r', toolName: 't', callId: 'c' }] })).icon,
    ).toBe('attention');
  });
});

describe('tray words', () => {
  it('says durations and moments ahead plainly', () => {
    expect(duration(0)).toBe('0 s');
    expect(duration(59_999)).toBe('59 s');
    expect(duration(3600_000)).toBe('1 h');
    expect(duration(26 * 3600_000)).toBe('1 d 2 h');
    expect(whenAhead(new Date(now.getTime() - 5000), now, UTC)).toBe('now');
    expect(whenAhead(new Date(now.getTime() + 45_000), now, UTC)).toBe('in 45 s');
    expect(whenAhead(new Date(now.getTime() + 59 * 60_000 + 40_000), now, UTC)).toBe('at 10:59');
    expect(whenAhead(new Date('2026-03-10T18:15:00Z'), now, UTC)).toBe('at 18:15');
    expect(whenAhead(new Date('2026-03-13T09:00:00Z'), now, UTC)).toBe('on Fri at 09:00');
    expect(whenAhead(new Date('2026-12-24T18:00:00Z'), now, UTC)).toBe('on 24 Dec at 18:00');
  });

  it('counts "tomorrow" in the given time zone', () => {
    // 23:30 in Tokyo on the 10th is 14:30 UTC: 01:00 on the 11th in Tokyo is tomorrow there, today in UTC.
    const late = new Date('2026-03-10T14:30:00Z');
    const soon = new Date('2026-03-10T16:00:00Z');
    expect(whenAhead(soon, late, { timeZone: 'Asia/Tokyo' })).toBe('at 01:00 tomorrow');
    expect(whenAhead(soon, late, UTC)).toBe('at 16:00');
  });

  it('cuts at a word when one is near, else mid-word', () => {
    expect(cut('short', 10)).toBe('short');
    expect(cut('  spaced \n out  ', 20)).toBe('spaced out');
    expect(cut('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefghi…');
    expect(cut('hello wonderful world', 18)).toBe('hello wonderful…');
  });
});

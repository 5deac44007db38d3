import { describe, expect, it } from 'vitest';
import type { TrayAction } from '../engine/automations/tray-menu';
import { toMenuTemplate } from './tray-template';

describe('tray menu template', () => {
  it('renders headers disabled, separators, submenus, and items that run their action', () => {
    const ran: TrayAction[] = [];
    const template = toMenuTemplate(
      [
        { kind: 'header', label: 'Next' },
        { kind: 'item', id: 'inbox', label: 'Inbox (2 unread)', enabled: true, action: { type: 'open-inbox' } },
        { kind: 'separator' },
        {
          kind: 'submenu',
          label: 'Pause',
          items: [{ kind: 'item', id: 'p', label: 'For 1 hour', enabled: false, action: { type: 'pause-all', forMs: 3600_000 } }],
        },
      ],
      (action) => ran.push(action),
      'linux',
    );
    expect(template.map(({ click: _click, submenu: _submenu, ...rest }) => rest)).toEqual([
      { label: 'Next', enabled: false },
      { id: 'inbox', label: 'Inbox (2 unread)', enabled: true },
      { type: 'separator' },
      { label: 'Pause' },
    ]);
    const sub = template[3]!.submenu as { label?: string; enabled?: boolean }[];
    expect(sub[0]).toMatchObject({ label: 'For 1 hour', enabled: false });
    (template[1]!.click as () => void)();
    expect(ran).toEqual([{ type: 'open-inbox' }]);
  });

  it('doubles "&" on Windows only', () => {
    const item = { kind: 'item' as const, id: 'x', label: 'Stop R&D digest', enabled: true, action: { type: 'quit' as const } };
    expect(toMenuTemplate([item], () => undefined, 'win32')[0]!.label).toBe('Stop R&&D digest');
    expect(toMenuTemplate([item], () => undefined, 'darwin')[0]!.label).toBe('Stop R&D digest');
  });
});

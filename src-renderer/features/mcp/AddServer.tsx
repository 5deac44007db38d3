import { useState } from 'react';
import type { CatalogEntry } from '@shared/entities/mcp';
import { navigate } from '../../app/route';
import { Button } from '../../ui/Button';
import { tabPanelProps, Tabs } from '../../ui/Tabs';
import { CatalogForm } from './CatalogForm';
import { CatalogList } from './CatalogList';
import { ImportJson } from './ImportJson';
import { ServerForm } from './ServerForm';

const tabs = [
  { id: 'catalog', label: 'From the catalog' },
  { id: 'import', label: 'Paste JSON' },
  { id: 'manual', label: 'By hand' },
] as const;
type AddTab = (typeof tabs)[number]['id'];

const isAddTab = (value: string | undefined): value is AddTab => tabs.some((t) => t.id === value);

/** `#/mcp/new/<catalog|import|manual>`: three ways to add a server. */
export function AddServer({ tab }: { tab: string | undefined }) {
  const current: AddTab = isAddTab(tab) ? tab : 'catalog';
  const [entry, setEntry] = useState<CatalogEntry | null>(null);
  const opened = (id: string) => navigate('mcp', id);

  return (
    <div className="flex h-full flex-col">
      <div className="flex h-11 shrink-0 items-center justify-between gap-3 border-b border-zinc-200 px-5 dark:border-zinc-800">
        <h2 className="text-[13px] font-semibold">Add an MCP server</h2>
        <Button onClick={() => navigate('mcp')}>Cancel</Button>
      </div>
      <Tabs
        label="How to add"
        idPrefix="mcp-add"
        tabs={tabs}
        current={current}
        onSelect={(id) => navigate('mcp', 'new', id)}
      />
      <div
        {...tabPanelProps('mcp-add', current)}
        className="min-h-0 flex-1 overflow-y-auto px-5 outline-none"
      >
        <div className="mx-auto max-w-3xl">
          {current === 'catalog' ? (
            entry ? (
              <CatalogForm
                key={entry.id}
                entry={entry}
                onBack={() => setEntry(null)}
                onAdded={(view) => opened(view.server.id)}
              />
            ) : (
              <CatalogList onPick={setEntry} />
            )
          ) : current === 'import' ? (
            <ImportJson />
          ) : (
            <ServerForm onSaved={(view) => opened(view.server.id)} />
          )}
        </div>
      </div>
    </div>
  );
}

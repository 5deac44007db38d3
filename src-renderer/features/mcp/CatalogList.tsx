import type { CatalogEntry } from '@shared/entities/mcp';
import { useApi } from '../../api/context';
import { useLoader } from '../../api/use-loader';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { needsSummary } from './catalog-input';

/** The built-in catalog: well-known servers, what each needs, and a button to set one up. */
export function CatalogList({ onPick }: { onPick: (entry: CatalogEntry) => void }) {
  const api = useApi();
  const catalog = useLoader(() => api.call('mcp.servers.catalog', {}), [api]);

  if (catalog.error && !catalog.data) {
    return (
      <div className="pt-4">
        <Banner tone="error" actions={<Button onClick={catalog.reload}>Retry</Button>}>
          <p>Could not load the catalog: {catalog.error.message}</p>
          {catalog.error.hint ? <p className="opacity-80">{catalog.error.hint}</p> : null}
        </Banner>
      </div>
    );
  }
  if (!catalog.data) return <p className="pt-4 text-xs text-zinc-500">Loading the catalog…</p>;

  return (
    <ul aria-label="Catalog" className="grid gap-2 py-4 sm:grid-cols-2">
      {catalog.data.map((entry) => (
        <li
          key={entry.id}
          data-testid="catalog-entry"
          data-entry={entry.id}
          className="flex flex-col rounded-lg border border-zinc-200 p-3 dark:border-zinc-800"
        >
          <div className="flex items-baseline justify-between gap-2">
            <h3 className="truncate text-[13px] font-semibold">{entry.name}</h3>
            <span className="shrink-0 rounded bg-zinc-100 px-1.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">
              {entry.runtime}
            </span>
          </div>
          <p className="mt-1 flex-1 text-xs text-zinc-600 dark:text-zinc-400">
            {entry.description}
          </p>
          <p className="mt-2 truncate font-mono text-[11px] text-zinc-500" title={entry.package}>
            {entry.package}
          </p>
          <div className="mt-2 flex items-center justify-between gap-2">
            <span className="truncate text-[11px] text-zinc-500 dark:text-zinc-400">
              {needsSummary(entry)}
            </span>
            <Button onClick={() => onPick(entry)} aria-label={`Set up ${entry.name}`}>
              Set up
            </Button>
          </div>
        </li>
      ))}
    </ul>
  );
}

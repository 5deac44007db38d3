import { cx } from '../ui/cx';
import { features } from './features';
import { href } from './route';

export function Sidebar({ current }: { current: string }) {
  return (
    <nav
      aria-label="Features"
      className="flex w-52 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900/60"
    >
      <div className="flex h-11 items-center gap-2 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <span className="flex size-5 items-center justify-center rounded bg-indigo-600 text-[11px] font-bold text-white">
          AF
        </span>
        <span className="text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">
          Agent Factory
        </span>
      </div>
      <ul className="flex-1 space-y-0.5 p-2">
        {features.map(({ id, label, icon: Icon, Badge }) => {
          const active = id === current;
          return (
            <li key={id}>
              <a
                href={href(id)}
                aria-current={active ? 'page' : undefined}
                className={cx(
                  'flex h-7 items-center gap-2 rounded-md px-2 text-[13px]',
                  'focus-visible:outline-2 focus-visible:outline-indigo-500',
                  active
                    ? 'bg-zinc-200/70 font-medium text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100'
                    : 'text-zinc-600 hover:bg-zinc-200/40 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800/60 dark:hover:text-zinc-100',
                )}
              >
                <Icon className="shrink-0" />
                {label}
                {Badge ? <Badge /> : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

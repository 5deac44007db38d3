import type { ReactNode } from 'react';

/** The panel of a feature that is not in this build yet. */
export function ComingSoon({
  title,
  icon,
  children,
}: {
  title: string;
  icon: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="flex h-full items-center justify-center p-8">
      <div className="max-w-md text-center">
        <div className="mx-auto mb-3 flex size-10 items-center justify-center rounded-lg border border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          {icon}
        </div>
        <h2 className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">{title}</h2>
        <p className="mt-1 text-[13px] text-zinc-500 dark:text-zinc-400">{children}</p>
        <p className="mt-3 inline-block rounded-full border border-zinc-200 px-2 py-0.5 text-[11px] font-medium text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          Coming soon in this build
        </p>
      </div>
    </div>
  );
}

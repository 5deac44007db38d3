import type { ReactNode } from 'react';

/** A titled block of a settings-like form: the title and its description left, the fields right. */
export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <section className="grid gap-x-8 gap-y-3 border-b border-zinc-200 py-5 last:border-b-0 md:grid-cols-[200px_1fr] dark:border-zinc-800">
      <div>
        <h3 className="text-[13px] font-semibold text-zinc-900 dark:text-zinc-100">{title}</h3>
        {description ? (
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</p>
        ) : null}
      </div>
      <div className="min-w-0 space-y-3">{children}</div>
    </section>
  );
}

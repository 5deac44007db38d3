/** Why saving a settings section failed, announced to screen readers. */
export function SaveError({ error }: { error: string | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="text-xs text-red-600 dark:text-red-400">
      {error}
    </p>
  );
}

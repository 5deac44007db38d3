import { useOverview } from '../automations/overview-store';

/** The unread count beside "Inbox" in the sidebar (nothing when all is read). */
export function InboxBadge() {
  const unread = useOverview((s) => s.unread);
  if (!unread) return null;
  return (
    <span
      data-testid="inbox-unread"
      aria-label={`${unread} unread`}
      className="ml-auto rounded-full bg-indigo-600 px-1.5 text-[11px] leading-4 font-semibold text-white tabular-nums"
    >
      {unread > 99 ? '99+' : unread}
    </span>
  );
}

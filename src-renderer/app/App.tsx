import { McpApprovals } from '../features/mcp/ApprovalDialog';
import { McpServerRequests } from '../features/mcp/ServerRequestsDialog';
import { ConnectionStatus, UnauthorizedNotice } from './ConnectionStatus';
import { featureFor } from './features';
import { Sidebar } from './Sidebar';
import { useRoute } from './route';

/** The shell: feature navigation on the left, a top bar with the connection, the feature's page. */
export function App() {
  const route = useRoute();
  const feature = featureFor(route.feature);
  const { Page } = feature;
  return (
    <div className="flex h-screen overflow-hidden bg-white text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
      <Sidebar current={feature.id} />
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="flex h-11 shrink-0 items-center justify-between border-b border-zinc-200 px-4 dark:border-zinc-800">
          <h1 className="text-[13px] font-semibold">{feature.label}</h1>
          <ConnectionStatus />
        </header>
        <UnauthorizedNotice />
        <main className="min-h-0 flex-1 overflow-hidden">
          <Page />
        </main>
      </div>
      {/* Tool and server-launch approvals are asked on every page, not only on the MCP page. */}
      <McpApprovals />
      {/* Servers' sampling (model call) and elicitation (form) requests, likewise. */}
      <McpServerRequests />
    </div>
  );
}

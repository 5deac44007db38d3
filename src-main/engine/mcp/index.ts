export {
  ServerManager,
  DEFAULT_MANAGER_OPTIONS,
  type ServerCapabilityLists,
  type ServerManagerDeps,
  type ServerManagerOptions,
} from './manager';
export { McpServerService } from './service';
export { McpToolSource, resultText, type OfferedTool } from './tool-source';
export { mcpHandlers } from './handlers';
export { DrizzleMcpServerRepository, type McpServerRepository } from './repository';
export { createMemoryMcpServerRepository } from './memory-repository';
export { ApprovalService } from './approvals';
export type { ToolCallOptions } from './calls';
export type {
  ClientHandlers,
  ElicitationHandler,
  SamplingHandler,
  ServerRequestContext,
} from './client-handlers';
export type { SecretReader } from './launch';
export { CATALOG, catalogServerInput, type CatalogChoices } from './catalog';
export { parseServersConfig, serializeServersConfig } from './claude-config';
export { namespacedToolName, PROVIDER_SAFE_NAME } from './names';
export { killAllRegistered } from './process-tree';

import type { Bus } from '../bus/bus';
import type { Db } from '../store/types';
import type { ClientHandlers } from './client-handlers';
import { mcpHandlers } from './handlers';
import type { SecretReader } from './launch';
import { ServerManager, type ServerManagerOptions } from './manager';
import { DrizzleMcpServerRepository } from './repository';
import { McpServerService } from './service';
import { OAuthSignIn } from './oauth/sign-in';
import { createSampler, type SamplerDeps } from './sampler';
import { ServerRequests } from './server-requests';
import type { OAuthSecrets } from './oauth/store';
import { McpToolSource } from './tool-source';

export { OAuthSignIn } from './oauth/sign-in';

export interface McpCapability {
  manager: ServerManager;
  /** OAuth sign-ins of HTTP servers (present when a writable secrets store was given). */
  oauth?: OAuthSignIn | undefined;
  /** Elicitation and sampling requests of servers waiting for the user. */
  requests: ServerRequests;
  service: McpServerService;
  tools: McpToolSource;
  handlers: ReturnType<typeof mcpHandlers>;
}

/**
 * Everything MCP, wired on the app database. The caller then runs `manager.autoStart()` (without
 * awaiting it, so a slow server never delays the app), adds `tools` to the runtime's tool
 * sources, and calls `manager.closeAll()` on shutdown.
 */
export async function createMcp(deps: {
  db: Db;
  bus: Bus;
  secrets?: SecretReader;
  handlers?: ClientHandlers;
  /** The PATH servers start with (default: the login shell's). */
  path?: () => Promise<string>;
  options?: Partial<ServerManagerOptions>;
  /** Records spawned server processes here; leftovers of a crashed engine are stopped at start. */
  dataDir?: string;
  /** Opens a sign-in page in the system browser (the desktop shell); headless: the link is shown. */
  openUrl?: ((url: string) => void | Promise<void>) | undefined;
  /**
   * Whether a person can answer servers' forms and sampling approvals (false: one-shot commands,
   * the app's own MCP server mode); and the LLM layer for sampling (absent: not offered).
   */
  attended?: () => boolean;
  sampling?: SamplerDeps | undefined;
}): Promise<McpCapability> {
  const requests = new ServerRequests({
    bus: deps.bus,
    attended: deps.attended ?? (() => false),
    samplingPolicy: (id) => manager.view(id).server.approval.sampling ?? 'ask',
    sample: deps.sampling ? createSampler(deps.sampling) : undefined,
  });
  const secrets = deps.secrets;
  const oauth =
    secrets && 'set' in secrets
      ? new OAuthSignIn({
          secrets: secrets as OAuthSecrets,
          clientName: deps.options?.clientInfo?.name ?? 'Agent Factory',
          openUrl: deps.openUrl,
          onAuthorized: (id) => manager.restart(id),
        })
      : undefined;
  const manager: ServerManager = new ServerManager({
    ...(oauth ? { oauth } : {}),
    repository: new DrizzleMcpServerRepository(deps.db),
    bus: deps.bus,
    ...(deps.secrets ? { secrets: deps.secrets } : {}),
    handlers: deps.handlers ?? requests.handlers(),
    ...(deps.path ? { path: deps.path } : {}),
    ...(deps.options ? { options: deps.options } : {}),
    ...(deps.dataDir ? { dataDir: deps.dataDir } : {}),
  });
  await manager.init();
  const service = new McpServerService(manager);
  return {
    manager,
    oauth,
    requests,
    service,
    tools: new McpToolSource(manager, (serverId, unattended, call, trace) => requests.during(serverId, unattended, call, trace)),
    handlers: mcpHandlers({ manager, service, oauth, requests }),
  };
}

import type { ApiKeyScope } from '../entities/api-key';
import type { EventName, MethodName } from './index';

/** The scopes a contract method can require (`metrics` grants no method, only `GET /metrics`). */
export type MethodScope = Exclude<ApiKeyScope, 'metrics'>;

/**
 * The scope each method of the contract needs. A mapped type over every method: a method added to
 * the contract without a line here fails the typecheck.
 * - read: lists, gets, searches, traces; nothing that changes state, costs model calls beyond a
 *   search, reads the server's files, or shows secrets or process output.
 * - run: start, steer and cancel runs and conversations; upload files; ask a knowledge base.
 * - admin: everything else: settings, secrets, MCP servers (they start processes), keys, deletes,
 *   anything that reads a path on the server, changes agents, automations or suites.
 */
export const METHOD_SCOPES: { readonly [M in MethodName]: MethodScope } = {
  'system.info': 'read',
  'system.doctor': 'read',
  // The database URL may hold a password.
  'settings.get': 'admin',
  'settings.update': 'admin',
  'secrets.set': 'admin',

  'agents.list': 'read',
  'agents.get': 'read',
  'agents.create': 'admin',
  'agents.update': 'admin',
  'agents.duplicate': 'admin',
  'agents.delete': 'admin',
  'agents.revisions': 'read',
  'agents.revision': 'read',
  'agents.restore': 'admin',
  'agents.problems': 'read',
  'agents.usedBy': 'read',
  'agents.templates': 'read',
  'agents.createFromTemplate': 'admin',
  'agents.export': 'read',
  'agents.import': 'admin',

  'runs.start': 'run',
  'runs.cancel': 'run',
  'runs.approve': 'run',
  'runs.get': 'read',
  'runs.list': 'read',
  'runs.trace': 'read',
  'runs.messages': 'read',
  'runs.builtinTools': 'read',

  'memory.list': 'read',
  'memory.add': 'run',
  'memory.delete': 'admin',
  'memory.conversation': 'read',
  'memory.clearConversation': 'admin',

  'mcp.servers.list': 'read',
  'mcp.servers.get': 'read',
  'mcp.servers.create': 'admin',
  'mcp.servers.update': 'admin',
  'mcp.servers.delete': 'admin',
  'mcp.servers.start': 'admin',
  'mcp.servers.stop': 'admin',
  'mcp.servers.restart': 'admin',
  'mcp.servers.signIn': 'admin',
  'mcp.elicitation.pending': 'read',
  'mcp.elicitation.respond': 'run',
  'mcp.sampling.pending': 'read',
  'mcp.sampling.respond': 'run',
  'mcp.servers.signOut': 'admin',
  'mcp.servers.setOAuthClient': 'admin',
  // A server's output may show what it was given (tokens in its environment).
  'mcp.servers.logs': 'admin',
  'mcp.servers.tools': 'read',
  'mcp.servers.approveTool': 'admin',
  // A call by hand skips the agents' policies (only 'deny' applies).
  'mcp.servers.callTool': 'admin',
  'mcp.servers.import': 'admin',
  'mcp.servers.export': 'admin',
  'mcp.servers.catalog': 'read',
  'mcp.servers.metrics': 'read',
  'mcp.servers.setLogLevel': 'admin',
  // What a server's resources and prompts hold can be private: reading them is like calling a tool.
  'mcp.resources.list': 'read',
  'mcp.resources.read': 'admin',
  'mcp.resources.subscribe': 'admin',
  'mcp.resources.unsubscribe': 'admin',
  'mcp.prompts.list': 'read',
  'mcp.prompts.get': 'admin',
  'mcp.complete': 'read',
  'approvals.respond': 'run',

  'kb.list': 'read',
  'kb.get': 'read',
  'kb.create': 'admin',
  'kb.update': 'admin',
  'kb.delete': 'admin',
  'kb.search': 'read',
  'kb.documents': 'read',
  'kb.document': 'read',
  // Reads paths on the server's disk.
  'kb.ingest': 'admin',
  'kb.jobs': 'read',
  'kb.job': 'read',
  'kb.job.cancel': 'run',
  'kb.job.retry': 'run',
  'kb.document.retry': 'run',
  'kb.document.delete': 'admin',
  'kb.reindex': 'admin',
  'kb.watch.add': 'admin',
  'kb.watch.remove': 'admin',
  'kb.watch.list': 'read',
  // Answers with a model call.
  'kb.ask': 'run',
  'kb.related': 'read',
  'kb.graph': 'read',
  'kb.upload.begin': 'run',
  'kb.upload.chunk': 'run',
  'kb.upload.finish': 'run',
  'kb.upload.cancel': 'run',
  'attachments.upload.begin': 'run',
  'attachments.upload.chunk': 'run',
  'attachments.upload.finish': 'run',
  'attachments.upload.cancel': 'run',

  'models.local.list': 'read',
  'models.local.addFolder': 'admin',
  'models.local.download': 'admin',
  'models.download.cancel': 'admin',
  'models.local.remove': 'admin',
  'models.list': 'read',

  'threads.list': 'read',
  'threads.get': 'read',
  'threads.create': 'run',
  'threads.update': 'run',
  'threads.delete': 'admin',
  'threads.regenerate': 'run',
  'threads.editLast': 'run',

  'automations.list': 'read',
  'automations.get': 'read',
  'automations.create': 'admin',
  'automations.update': 'admin',
  'automations.delete': 'admin',
  'automations.pause': 'admin',
  'automations.resume': 'admin',
  'automations.run': 'run',
  'automations.history': 'read',
  'automations.preview': 'read',
  'automations.webhookSecret': 'admin',
  'automations.overview': 'read',
  'automations.pauseAll': 'admin',
  'automations.resumeAll': 'admin',
  'inbox.list': 'read',
  'inbox.markRead': 'run',

  'eval.suites.list': 'read',
  'eval.suites.get': 'read',
  'eval.suites.import': 'admin',
  'eval.suites.validate': 'read',
  'eval.suites.update': 'admin',
  'eval.suites.delete': 'admin',
  'eval.run': 'run',
  'eval.cancel': 'run',
  'eval.runs.list': 'read',
  'eval.runs.get': 'read',
  'eval.compare': 'read',
  'eval.saveCase': 'admin',
  'eval.guide.setup': 'admin',

  'keys.list': 'admin',
  'keys.create': 'admin',
  'keys.revoke': 'admin',
  'keys.audit': 'admin',
};

/** Events that carry what only `admin` may read (all others need `read`). */
const ADMIN_EVENTS: ReadonlySet<string> = new Set<EventName>(['settings.changed', 'mcp.server.log']);

/** What each scope includes: admin ⊃ run ⊃ read; metrics stands alone. */
const INCLUDES: Record<ApiKeyScope, ReadonlySet<ApiKeyScope>> = {
  admin: new Set(['admin', 'run', 'read', 'metrics']),
  run: new Set(['run', 'read']),
  read: new Set(['read']),
  metrics: new Set(['metrics']),
};

/** The pseudo-method of the metrics endpoint, as audited. */
export const METRICS_CALL = 'GET /metrics';

/** The scope a call needs: a method, `GET /metrics`, or `subscribe:<event>`. */
export function scopeNeeded(call: MethodName | typeof METRICS_CALL | `subscribe:${EventName}`): ApiKeyScope {
  if (call === METRICS_CALL) return 'metrics';
  if (call.startsWith('subscribe:')) return ADMIN_EVENTS.has(call.slice('subscribe:'.length)) ? 'admin' : 'read';
  return METHOD_SCOPES[call as MethodName];
}

/** Whether a key of `scope` may make the call (a method name, `GET /metrics`, or `subscribe:<event>`). */
export function scopeAllows(scope: ApiKeyScope, call: MethodName | typeof METRICS_CALL | `subscribe:${EventName}`): boolean {
  return INCLUDES[scope].has(scopeNeeded(call));
}

/** Whether a key of `scope` holds the `needed` scope. */
export function scopeIncludes(scope: ApiKeyScope, needed: ApiKeyScope): boolean {
  return INCLUDES[scope].has(needed);
}

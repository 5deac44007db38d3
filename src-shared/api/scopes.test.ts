import { describe, expect, it } from 'vitest';
import { ApiKeyScope } from '../entities/api-key';
import { events, methods, type EventName, type MethodName } from './index';
import { METHOD_SCOPES, METRICS_CALL, scopeAllows, scopeNeeded } from './scopes';

const methodNames = Object.keys(methods) as MethodName[];

/** Intended examples, by what each scope is for. */
const EXAMPLES: Record<'read' | 'run' | 'admin', MethodName[]> = {
  read: ['agents.list', 'agents.get', 'runs.list', 'runs.get', 'runs.trace', 'kb.search', 'threads.list', 'threads.get', 'automations.list', 'mcp.servers.list'],
  run: ['runs.start', 'runs.cancel', 'runs.approve', 'approvals.respond', 'kb.upload.begin', 'kb.upload.chunk', 'kb.upload.finish', 'attachments.upload.begin', 'threads.create', 'threads.regenerate', 'threads.editLast', 'kb.ask', 'automations.run'],
  admin: [
    'settings.get', 'settings.update', 'secrets.set',
    'mcp.servers.create', 'mcp.servers.update', 'mcp.servers.start', 'mcp.servers.restart', 'mcp.servers.callTool', 'mcp.servers.logs',
    'keys.create', 'keys.list', 'keys.revoke', 'keys.audit',
    'agents.create', 'agents.update', 'agents.delete', 'threads.delete', 'kb.delete', 'kb.ingest', 'kb.watch.add', 'memory.delete',
    'automations.create', 'automations.update', 'automations.delete', 'automations.webhookSecret',
  ],
};

describe('scopes over the whole contract', () => {
  it('maps every method of the contract, and nothing else', () => {
    expect(Object.keys(METHOD_SCOPES).sort()).toEqual([...methodNames].sort());
  });

  it.each(Object.entries(EXAMPLES))('the intended %s methods need exactly that scope', (scope, names) => {
    for (const name of names) expect({ name, scope: METHOD_SCOPES[name] }).toEqual({ name, scope });
  });

  it('nothing that deletes, or touches settings, secrets, keys or MCP server processes, is below admin', () => {
    for (const name of methodNames) {
      if (/\.delete$|^settings\.|^secrets\.|^keys\.|^mcp\.servers\.(create|update|start|stop|restart|import|export|callTool)$/.test(name))
        expect({ name, scope: METHOD_SCOPES[name] }).toEqual({ name, scope: 'admin' });
    }
  });

  describe.each(methodNames)('%s', (name) => {
    it('is allowed to exactly the scopes that include its own', () => {
      const needed = METHOD_SCOPES[name];
      const allowed = ApiKeyScope.options.filter((scope) => scopeAllows(scope, name));
      const expected = { read: ['read', 'run', 'admin'], run: ['run', 'admin'], admin: ['admin'] }[needed];
      expect(allowed.sort()).toEqual([...expected].sort());
    });
  });

  it('the metrics scope grants GET /metrics and no method; read does not grant metrics', () => {
    for (const name of methodNames) expect(scopeAllows('metrics', name)).toBe(false);
    expect(scopeAllows('metrics', METRICS_CALL)).toBe(true);
    expect(scopeAllows('admin', METRICS_CALL)).toBe(true);
    expect(scopeAllows('run', METRICS_CALL)).toBe(false);
    expect(scopeAllows('read', METRICS_CALL)).toBe(false);
  });

  it('events need read, those carrying settings or server output admin', () => {
    for (const event of Object.keys(events) as EventName[]) {
      const call = `subscribe:${event}` as const;
      const needed = event === 'settings.changed' || event === 'mcp.server.log' ? 'admin' : 'read';
      expect({ event, needed: scopeNeeded(call) }).toEqual({ event, needed });
      expect(scopeAllows('metrics', call)).toBe(false);
      expect(scopeAllows('admin', call)).toBe(true);
    }
  });
});

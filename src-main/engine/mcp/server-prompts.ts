import type {
  McpCompletion,
  McpCompletionRef,
  McpLogLevel,
  McpPrompt,
  McpPromptResult,
} from '@shared/entities/mcp-resources';
import { AppError } from '@shared/errors';
import { toAppError } from './errors';
import type { ServerManager } from './manager';

/** prompts/list of a running server (as last listed; `refresh` asks again). */
export async function listPrompts(
  manager: ServerManager,
  serverId: string,
  refresh = false,
): Promise<McpPrompt[]> {
  const { rt, connection, requestTimeoutMs } = manager.live(serverId);
  if (refresh) {
    await connection.refresh('prompts').catch((error: unknown) => {
      throw toAppError(error, {
        server: rt.server.name,
        what: 'prompts/list',
        timeoutMs: requestTimeoutMs,
        fallback: 'UNAVAILABLE',
      });
    });
  }
  return connection.prompts.map((p) => ({
    name: p.name,
    ...(p.title ? { title: p.title } : {}),
    ...(p.description ? { description: p.description } : {}),
    arguments: (p.arguments ?? []).map((a) => ({
      name: a.name,
      ...(a.description ? { description: a.description } : {}),
      ...(a.required !== undefined ? { required: a.required } : {}),
    })),
  }));
}

/** prompts/get: the prompt's messages for these arguments (required ones are checked first). */
export async function getPrompt(
  manager: ServerManager,
  serverId: string,
  name: string,
  args: Record<string, string>,
  signal?: AbortSignal,
): Promise<McpPromptResult> {
  const { rt, connection, requestTimeoutMs } = manager.live(serverId);
  const prompt = connection.prompts.find((p) => p.name === name);
  if (!prompt) {
    const known = connection.prompts.map((p) => p.name).slice(0, 30).join(', ') || 'none';
    throw new AppError('NOT_FOUND', `MCP server "${rt.server.name}" has no prompt "${name}".`, {
      hint: `Its prompts: ${known}.`,
    });
  }
  const missing = (prompt.arguments ?? []).filter((a) => a.required && !args[a.name]).map((a) => a.name);
  if (missing.length) {
    throw new AppError('VALIDATION', `Prompt "${name}" needs ${missing.join(', ')}.`, {
      hint: `Give ${missing.length === 1 ? 'it' : 'them'} as arguments, e.g. {"${missing[0]}": "…"}.`,
    });
  }
  try {
    const result = await connection.client.getPrompt(
      { name, arguments: args },
      { timeout: requestTimeoutMs, ...(signal ? { signal } : {}) },
    );
    return {
      ...(result.description ? { description: result.description } : {}),
      messages: result.messages.map((m) => ({ role: m.role, content: m.content })),
    };
  } catch (error) {
    throw toAppError(error, {
      server: rt.server.name,
      what: `prompt "${name}"`,
      signal,
      timeoutMs: requestTimeoutMs,
      fallback: 'UNAVAILABLE',
    });
  }
}

/** completion/complete: suggestions for a prompt argument or a resource template variable. */
export async function complete(
  manager: ServerManager,
  serverId: string,
  ref: McpCompletionRef,
  argument: { name: string; value: string },
  context?: Record<string, string>,
): Promise<McpCompletion> {
  const { rt, connection, requestTimeoutMs } = manager.live(serverId);
  if (!connection.client.getServerCapabilities()?.completions) return { values: [] };
  try {
    const result = await connection.client.complete(
      { ref, argument, ...(context ? { context: { arguments: context } } : {}) },
      { timeout: requestTimeoutMs },
    );
    return {
      values: result.completion.values.slice(0, 100),
      ...(result.completion.total !== undefined ? { total: result.completion.total } : {}),
      ...(result.completion.hasMore !== undefined ? { hasMore: result.completion.hasMore } : {}),
    };
  } catch (error) {
    throw toAppError(error, {
      server: rt.server.name,
      what: 'completion',
      timeoutMs: requestTimeoutMs,
      fallback: 'UNAVAILABLE',
    });
  }
}

/** logging/setLevel: the server sends log messages at this level and above (they land in its log). */
export async function setLogLevel(
  manager: ServerManager,
  serverId: string,
  level: McpLogLevel,
): Promise<{ level: McpLogLevel }> {
  const { rt, connection, requestTimeoutMs } = manager.live(serverId);
  if (!connection.client.getServerCapabilities()?.logging) {
    throw new AppError('CONFIG', `MCP server "${rt.server.name}" does not offer logging.`, {
      hint: 'Its stderr is still in its log.',
    });
  }
  try {
    await connection.client.setLoggingLevel(level, { timeout: requestTimeoutMs });
  } catch (error) {
    throw toAppError(error, {
      server: rt.server.name,
      what: 'logging/setLevel',
      timeoutMs: requestTimeoutMs,
      fallback: 'UNAVAILABLE',
    });
  }
  rt.appendLog({ stream: 'system', level: 'info', text: `Log level set to ${level}.` });
  return { level };
}

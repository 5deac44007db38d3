import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import type { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type {
  JsonSchemaType,
  JsonSchemaValidator,
} from '@modelcontextprotocol/sdk/validation/types.js';
import type { McpToolResult } from '@shared/entities/mcp';
import { AppError } from '@shared/errors';
import type { ApprovalService } from './approvals';
import type { McpConnection } from './connection';
import { toAppError } from './errors';
import type { McpMetrics } from './metrics';
import { cutUtf8, limitToolResult } from './result-limit';
import type { ServerRuntime } from './server-runtime';

export interface ToolCallOptions {
  /** Shorter than the server's tool timeout when given. */
  timeoutMs?: number | undefined;
  /** Aborting sends `notifications/cancelled` to the server and rejects with CANCELLED. */
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: Progress) => void) | undefined;
  /** The agent run making the call ("allow for this run" is remembered per run). */
  runId?: string | undefined;
  /** The user called the tool by hand: only a 'deny' policy stops it. */
  userInitiated?: boolean | undefined;
  /**
   * The caller already had the user approve this call for exactly this definition (the runtime's
   * own approval gate); approval is asked again only when the definition changed since.
   */
  approvedHash?: string | undefined;
}

export interface CallDeps {
  approvals: ApprovalService;
  metrics: McpMetrics;
  maxResultBytes: number;
  /** The longest a call may run while it keeps reporting progress (default: see maxTotalTimeout). */
  maxTotalMs?: number | undefined;
}

/** Progress extends a call's timeout up to this total: 10 timeouts, at least 10 minutes, at most 1 hour. */
export function maxTotalTimeout(timeoutMs: number, configured?: number): number {
  if (configured !== undefined) return Math.max(timeoutMs, configured);
  return Math.max(timeoutMs, Math.min(Math.max(timeoutMs * 10, 600_000), 3_600_000));
}

// Ajv is imported with the first tool that declares an output schema.
let validators: Promise<AjvJsonSchemaValidator> | undefined;
const compiled = new Map<string, JsonSchemaValidator<unknown>>();

/** The output schema validator of a tool definition (compiled once per definition hash). */
async function outputValidator(hash: string, schema: object): Promise<JsonSchemaValidator<unknown>> {
  let validate = compiled.get(hash);
  if (!validate) {
    validators ??= import('@modelcontextprotocol/sdk/validation/ajv').then((m) => new m.AjvJsonSchemaValidator());
    validate = (await validators).getValidator(schema as JsonSchemaType);
    if (compiled.size > 2000) compiled.clear();
    compiled.set(hash, validate);
  }
  return validate;
}

function errorText(content: Array<{ type: string; text?: unknown }>): string {
  const text = content
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string)
    .join('\n')
    .trim();
  return cutUtf8(text || 'The tool reported an error without a message.', 4000);
}

/**
 * One tools/call: approval (policy, consent pins), the call with timeout, progress and
 * cancellation, the output schema check, isError as a TOOL_ERROR, the size limit, and metrics.
 */
export async function executeToolCall(
  rt: ServerRuntime,
  connection: McpConnection,
  name: string,
  args: Record<string, unknown>,
  options: ToolCallOptions,
  deps: CallDeps,
): Promise<McpToolResult> {
  const server = rt.server;
  const entry = rt.tools.get(name);
  if (!entry) {
    const known = [...rt.tools.keys()].slice(0, 30).join(', ') || 'none';
    throw new AppError('NOT_FOUND', `MCP server "${server.name}" has no tool "${name}".`, {
      hint: `Its tools: ${known}.`,
    });
  }
  if (options.approvedHash !== entry.hash || options.userInitiated) {
    await deps.approvals.authorizeToolCall({
      server: rt.server,
      tool: {
        name,
        namespacedName: entry.namespacedName,
        description: entry.tool.description ?? '',
        hash: entry.hash,
        annotations: entry.tool.annotations,
      },
      input: args,
      runId: options.runId,
      signal: options.signal,
      userInitiated: options.userInitiated,
    });
  } else if ((server.approval.tools[name] ?? server.approval.default) === 'deny') {
    throw new AppError(
      'FORBIDDEN',
      `Tool "${name}" of "${server.name}" is blocked by its approval policy.`,
    );
  }
  const timeoutMs = Math.min(options.timeoutMs ?? server.toolTimeoutMs, server.toolTimeoutMs);
  const maxTotalMs = maxTotalTimeout(timeoutMs, deps.maxTotalMs);
  const started = performance.now();
  try {
    // Every call carries a progress token (the SDK sends one when `onprogress` is given), and each
    // progress notification restarts the timeout, up to `maxTotalMs` in all.
    const result = await connection.callTool(name, args, {
      timeout: timeoutMs,
      resetTimeoutOnProgress: true,
      maxTotalTimeout: maxTotalMs,
      onprogress: options.onProgress ?? (() => undefined),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    if (result.isError) throw new AppError('TOOL_ERROR', `${name}: ${errorText(result.content)}`);
    if (entry.tool.outputSchema) {
      if (!result.structuredContent) {
        throw new AppError(
          'TOOL_ERROR',
          `Tool "${name}" declares an output schema but returned no structured content.`,
        );
      }
      const check = (await outputValidator(entry.hash, entry.tool.outputSchema))(result.structuredContent);
      if (!check.valid) {
        throw new AppError(
          'TOOL_ERROR',
          `Tool "${name}" returned data that does not match its output schema: ${check.errorMessage}`,
        );
      }
    }
    const limited = limitToolResult(result, deps.maxResultBytes);
    const durationMs = performance.now() - started;
    deps.metrics.record(server.id, name, durationMs);
    return { ...limited, durationMs };
  } catch (error) {
    const appError = toAppError(error, {
      server: server.name,
      what: `tool "${name}"`,
      signal: options.signal,
      timeoutMs,
      maxTotalMs,
    });
    deps.metrics.record(server.id, name, performance.now() - started, {
      code: appError.code,
      message: appError.message,
    });
    throw appError;
  }
}

import {
  McpServerInput,
  type ApprovalMode,
  type McpServer,
  type McpServerPatch,
  type McpTransport,
} from '@shared/entities/mcp';
import { issuesFromZod, type FieldIssue } from '@shared/errors';
import { groupIssues, type GroupedIssues } from '../../api/issues';
import { duplicateKey, recordToRows, rowsToRecord, type KeyValue } from '../../ui/KeyValueInput';
import { isAbsolutePath } from '../../ui/paths';

export type TransportKind = McpTransport['type'];

export interface ServerFormValues {
  name: string;
  kind: TransportKind;
  command: string;
  args: string[];
  env: KeyValue[];
  cwd: string;
  url: string;
  headers: KeyValue[];
  fallbackToSse: boolean;
  autoStart: boolean;
  approval: ApprovalMode;
  /** The server's sampling requests (model calls): ask, allow or deny. */
  sampling: ApprovalMode;
  /** Seconds, as typed. */
  timeout: string;
  roots: string[];
}

export type ServerField = keyof ServerFormValues;

export const emptyServerValues: ServerFormValues = {
  name: '',
  kind: 'stdio',
  command: '',
  args: [],
  env: [],
  cwd: '',
  url: '',
  headers: [],
  fallbackToSse: true,
  autoStart: true,
  approval: 'ask',
  sampling: 'ask',
  timeout: '120',
  roots: [],
};

export const transportKinds: { value: TransportKind; label: string }[] = [
  { value: 'stdio', label: 'Local command (stdio)' },
  { value: 'http', label: 'Remote (Streamable HTTP)' },
  { value: 'sse', label: 'Remote (HTTP+SSE, legacy)' },
];

export const approvalModes: { value: ApprovalMode; label: string }[] = [
  { value: 'ask', label: 'Ask before each call' },
  { value: 'allow', label: 'Allow without asking' },
  { value: 'deny', label: 'Block all calls' },
];

export const samplingModes: { value: ApprovalMode; label: string }[] = [
  { value: 'ask', label: 'Ask me (refused when nobody can answer)' },
  { value: 'allow', label: 'Allow without asking' },
  { value: 'deny', label: 'Refuse' },
];

export function valuesFromServer(server: McpServer): ServerFormValues {
  const t = server.transport;
  return {
    ...emptyServerValues,
    name: server.name,
    kind: t.type,
    ...(t.type === 'stdio'
      ? { command: t.command, args: [...t.args], env: recordToRows(t.env), cwd: t.cwd ?? '' }
      : {
          url: t.url,
          headers: recordToRows(t.headers),
          fallbackToSse: t.type === 'http' ? t.fallbackToSse : true,
        }),
    autoStart: server.autoStart,
    approval: server.approval.default,
    sampling: server.approval.sampling ?? 'ask',
    timeout: String(server.toolTimeoutMs / 1000),
    roots: [...server.roots],
  };
}

export function toTransport(values: ServerFormValues): McpTransport {
  if (values.kind === 'stdio') {
    return {
      type: 'stdio',
      command: values.command.trim(),
      args: values.args,
      env: rowsToRecord(values.env),
      ...(values.cwd.trim() ? { cwd: values.cwd.trim() } : {}),
    };
  }
  const headers = rowsToRecord(values.headers);
  return values.kind === 'http'
    ? { type: 'http', url: values.url.trim(), headers, fallbackToSse: values.fallbackToSse }
    : { type: 'sse', url: values.url.trim(), headers };
}

const timeoutMs = (values: ServerFormValues) => Math.round(Number(values.timeout) * 1000);

/** The fields the form edits; per-tool approvals, secrets and consent stay as they are. */
export function toPatch(values: ServerFormValues, base: McpServer) {
  return {
    name: values.name,
    transport: toTransport(values),
    autoStart: values.autoStart,
    approval: { default: values.approval, tools: base.approval.tools, sampling: values.sampling },
    roots: values.roots,
    toolTimeoutMs: timeoutMs(values),
  } satisfies McpServerPatch;
}

export function toInput(values: ServerFormValues): McpServerInput {
  return {
    name: values.name,
    transport: toTransport(values),
    autoStart: values.autoStart,
    approval: { default: values.approval, tools: {}, ...(values.sampling !== 'ask' ? { sampling: values.sampling } : {}) },
    roots: values.roots,
    toolTimeoutMs: timeoutMs(values),
  };
}

const transportFields: Record<string, ServerField> = {
  command: 'command',
  args: 'args',
  env: 'env',
  cwd: 'cwd',
  url: 'url',
  headers: 'headers',
  type: 'kind',
};

/** Maps an issue path (of McpServerInput, or `patch.…` from mcp.servers.update) to a form field. */
export function serverFieldOf(path: readonly (string | number)[]): ServerField | null {
  const [head, next] = path[0] === 'patch' ? path.slice(1) : path;
  if (head === 'transport') return transportFields[String(next)] ?? 'kind';
  if (head === 'toolTimeoutMs') return 'timeout';
  if (head === 'approval') return 'approval';
  if (head === 'name' || head === 'roots' || head === 'autoStart') return head;
  return null;
}

export function groupServerIssues(issues: readonly FieldIssue[]): GroupedIssues<ServerField> {
  return groupIssues(issues, serverFieldOf);
}

/** Client-side checks with the contract's own schema (and what a record cannot express). */
export function validateServer(values: ServerFormValues): GroupedIssues<ServerField> {
  const parsed = McpServerInput.safeParse(toInput(values));
  const grouped = groupServerIssues(parsed.success ? [] : issuesFromZod(parsed.error));
  const timeout = Number(values.timeout);
  if (!values.timeout.trim() || !Number.isFinite(timeout)) {
    grouped.fields.timeout = 'Enter a number of seconds';
  } else if (timeout < 0.1 || timeout > 3600) {
    grouped.fields.timeout = 'From 0.1 to 3600 seconds';
  }
  const envDuplicate = values.kind === 'stdio' ? duplicateKey(values.env) : undefined;
  if (envDuplicate) grouped.fields.env = `“${envDuplicate}” is set twice`;
  const headerDuplicate = values.kind !== 'stdio' ? duplicateKey(values.headers) : undefined;
  if (headerDuplicate) grouped.fields.headers = `“${headerDuplicate}” is set twice`;
  if (values.kind === 'stdio' && values.cwd.trim() && !isAbsolutePath(values.cwd.trim())) {
    grouped.fields.cwd = 'Use an absolute path';
  }
  const relative = values.roots.find((root) => !isAbsolutePath(root));
  if (relative !== undefined) grouped.fields.roots = `Use an absolute path: “${relative}”`;
  return grouped;
}

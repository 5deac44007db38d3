import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError, type Resource } from '@modelcontextprotocol/sdk/types.js';
import type { ApiClient } from '@shared/api/index';
import { isMethodName } from '@shared/api/index';
import type { KbChunk } from '@shared/api/knowledge';
import { isAppError } from '@shared/errors';

export const AGENT_URI = 'agent-factory://agents/{id}';
export const DOCUMENT_URI = 'agent-factory://knowledge/{kbId}/documents/{documentId}';
/** Documents listed per knowledge base (reading works for any). */
const DOCUMENTS_LISTED = 200;

const one = (value: string | string[] | undefined) =>
  (Array.isArray(value) ? value[0] : value) ?? '';

/** A NOT_FOUND of the API as the JSON-RPC error for an unknown resource (-32002 in the spec). */
function readFailure(error: unknown, uri: URL): never {
  if (isAppError(error) && error.code === 'NOT_FOUND')
    throw new McpError(-32002, `Resource not found: ${uri.href}`);
  throw new McpError(
    ErrorCode.InternalError,
    isAppError(error) ? `${error.message}${error.hint ? ` ${error.hint}` : ''}` : String(error),
  );
}

/** The text of a document, put back together from its chunks (which may overlap). */
export function documentText(chunks: KbChunk[]): string {
  let text = '';
  let covered = 0;
  for (const chunk of [...chunks].sort((a, b) => a.start - b.start)) {
    if (chunk.end <= covered) continue;
    text +=
      chunk.start >= covered
        ? `${chunk.start > covered && text ? '\n' : ''}${chunk.text}`
        : chunk.text.slice(covered - chunk.start);
    covered = chunk.end;
  }
  return text;
}

/** Agents as JSON resources: `agent-factory://agents/<id>` is the agent's definition. */
function registerAgentResources(server: McpServer, client: ApiClient): void {
  const template = new ResourceTemplate(AGENT_URI, {
    list: async () => ({
      resources: (await client.call('agents.list', {})).map((a): Resource => ({
        uri: `agent-factory://agents/${a.id}`,
        name: a.name,
        title: a.name,
        ...(a.description ? { description: a.description } : {}),
        mimeType: 'application/json',
      })),
    }),
  });
  server.registerResource(
    'agent',
    template,
    { description: 'An Agent Factory agent’s definition (JSON)', mimeType: 'application/json' },
    async (uri, vars) => {
      try {
        const agent = await client.call('agents.get', { id: one(vars.id) });
        return {
          contents: [
            { uri: uri.href, mimeType: 'application/json', text: JSON.stringify(agent, null, 2) },
          ],
        };
      } catch (error) {
        return readFailure(error, uri);
      }
    },
  );
}

/**
 * Knowledge documents as text resources. Listing them needs the knowledge methods; when this
 * Agent Factory does not answer them (yet), the list is just empty.
 */
function registerDocumentResources(
  server: McpServer,
  client: ApiClient,
  log: (message: string) => void,
): void {
  const template = new ResourceTemplate(DOCUMENT_URI, {
    list: async () => {
      try {
        const resources: Resource[] = [];
        for (const kb of await client.call('kb.list', {})) {
          const { documents } = await client.call('kb.documents', {
            kbId: kb.id,
            status: 'ready',
            limit: DOCUMENTS_LISTED,
          });
          for (const d of documents) {
            resources.push({
              uri: `agent-factory://knowledge/${kb.id}/documents/${d.id}`,
              name: d.title || d.path,
              title: `${d.title || d.path} (${kb.name})`,
              description: d.path,
              mimeType: 'text/plain',
              size: d.bytes,
            });
          }
        }
        return { resources };
      } catch (error) {
        log(
          `knowledge documents not listed: ${error instanceof Error ? error.message : String(error)}`,
        );
        return { resources: [] };
      }
    },
  });
  server.registerResource(
    'knowledge-document',
    template,
    {
      description: 'A document of an Agent Factory knowledge base (its text)',
      mimeType: 'text/plain',
    },
    async (uri, vars) => {
      try {
        const { document, chunks } = await client.call('kb.document', { id: one(vars.documentId) });
        if (document.kbId !== one(vars.kbId))
          throw new McpError(-32002, `Resource not found: ${uri.href}`);
        return {
          contents: [{ uri: uri.href, mimeType: 'text/plain', text: documentText(chunks) }],
        };
      } catch (error) {
        if (error instanceof McpError) throw error;
        return readFailure(error, uri);
      }
    },
  );
}

export function registerFactoryResources(
  server: McpServer,
  client: ApiClient,
  log: (message: string) => void = () => {},
): void {
  registerAgentResources(server, client);
  if (isMethodName('kb.document')) registerDocumentResources(server, client, log);
}

export { createFactoryMcpServer, type FactoryServerOptions } from './server';
export { reserveStdout, serveMcpStdio } from './stdio';
export { startMcpHttpServer, MCP_PATH, type McpHttpOptions, type McpHttpServer } from './http';
export { runAgentToEnd, type RunAgentRequest } from './run-agent';
export { AGENT_URI, DOCUMENT_URI, documentText } from './resources';

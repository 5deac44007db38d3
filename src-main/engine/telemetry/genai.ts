/**
 * The OpenTelemetry GenAI semantic-convention names the traces use (semantic conventions 1.45,
 * status Development). Copied rather than imported from `@opentelemetry/semantic-conventions/incubating`,
 * as that package advises for incubating names; a unit test checks they still match it.
 */
export const GEN_AI = {
  OPERATION_NAME: 'gen_ai.operation.name',
  PROVIDER_NAME: 'gen_ai.provider.name',
  /** Deprecated for gen_ai.provider.name; still read by many backends, so set as well. */
  SYSTEM: 'gen_ai.system',
  AGENT_ID: 'gen_ai.agent.id',
  AGENT_NAME: 'gen_ai.agent.name',
  CONVERSATION_ID: 'gen_ai.conversation.id',
  REQUEST_MODEL: 'gen_ai.request.model',
  RESPONSE_FINISH_REASONS: 'gen_ai.response.finish_reasons',
  USAGE_INPUT_TOKENS: 'gen_ai.usage.input_tokens',
  USAGE_OUTPUT_TOKENS: 'gen_ai.usage.output_tokens',
  INPUT_MESSAGES: 'gen_ai.input.messages',
  OUTPUT_MESSAGES: 'gen_ai.output.messages',
  TOOL_NAME: 'gen_ai.tool.name',
  TOOL_CALL_ID: 'gen_ai.tool.call.id',
  TOOL_TYPE: 'gen_ai.tool.type',
  TOOL_CALL_ARGUMENTS: 'gen_ai.tool.call.arguments',
  TOOL_CALL_RESULT: 'gen_ai.tool.call.result',
} as const;

export const GEN_AI_OPERATION = {
  CHAT: 'chat',
  INVOKE_AGENT: 'invoke_agent',
  EXECUTE_TOOL: 'execute_tool',
} as const;

/** Stable (general) attribute. */
export const ERROR_TYPE = 'error.type';

/** This app's own attributes, where the conventions have none. */
export const AF = {
  RUN_ID: 'agent_factory.run.id',
  RUN_STATUS: 'agent_factory.run.status',
  RUN_DEPTH: 'agent_factory.run.depth',
  RUN_STEPS: 'agent_factory.run.steps',
  PROVIDER: 'agent_factory.provider',
  /** Where a tool comes from: `builtin` or an MCP server id. */
  TOOL_SOURCE: 'agent_factory.tool.source',
  /** ok, error or denied. */
  TOOL_OUTCOME: 'agent_factory.tool.outcome',
} as const;

/** The convention's provider name for this app's provider ids (an OpenAI-compatible server speaks `openai`). */
export function providerName(provider: string): string {
  return provider === 'openai-compatible' ? 'openai' : provider;
}

import * as semconv from '@opentelemetry/semantic-conventions/incubating';
import { describe, expect, it } from 'vitest';
import { OtlpSettings } from '@shared/entities/settings';
import { GEN_AI, GEN_AI_OPERATION } from './genai';
import { parseOtlpHeaders, resolveOtlpConfig } from './otel';

const off = OtlpSettings.parse({});

describe('OTLP export configuration', () => {
  it('is off by default and without an endpoint variable', () => {
    expect(off).toEqual({ enabled: false, headers: {}, captureContent: false });
    expect(resolveOtlpConfig(off, {})).toBeUndefined();
    expect(resolveOtlpConfig({ ...off, endpoint: 'http://collector:4318' }, {})).toBeUndefined();
  });

  it('takes the settings, adding /v1/traces to the base URL (the SDK default URL when none)', () => {
    expect(resolveOtlpConfig({ ...off, enabled: true, endpoint: 'http://collector:4318/', headers: { 'x-a': '1' } }, {}, 'authorization=Bearer%20s')).toEqual({
      url: 'http://collector:4318/v1/traces',
      headers: { 'x-a': '1', authorization: 'Bearer s' },
      captureContent: false,
      serviceName: 'agent-factory',
    });
    expect(resolveOtlpConfig({ ...off, enabled: true }, {})?.url).toBe('http://localhost:4318/v1/traces');
    expect(resolveOtlpConfig({ ...off, enabled: true, endpoint: 'https://x.example/otel/v1/traces' }, {})?.url).toBe('https://x.example/otel/v1/traces');
  });

  it('lets the standard environment variables turn it on and win over the settings', () => {
    const env = { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_EXPORTER_OTLP_HEADERS: 'x-a=2, x-b = two%20words ,broken', OTEL_SERVICE_NAME: 'af-prod' };
    expect(resolveOtlpConfig({ ...off, headers: { 'x-a': '1' } }, env)).toEqual({
      url: 'http://env:4318/v1/traces',
      headers: { 'x-a': '2', 'x-b': 'two words' },
      captureContent: false,
      serviceName: 'af-prod',
    });
    expect(resolveOtlpConfig(off, { ...env, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:9999/custom' })?.url).toBe('http://traces:9999/custom');
    expect(resolveOtlpConfig(off, { ...env, OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' })?.captureContent).toBe(true);
    expect(resolveOtlpConfig({ ...off, enabled: true }, { ...env, OTEL_SDK_DISABLED: 'true' })).toBeUndefined();
    expect(resolveOtlpConfig({ ...off, enabled: true }, { OTEL_TRACES_EXPORTER: 'none' })).toBeUndefined();
  });

  it('parses OTEL_EXPORTER_OTLP_HEADERS leniently', () => {
    expect(parseOtlpHeaders('a=1,b=x%3Dy,=nokey,novalue,c=%E0%A4%A')).toEqual({ a: '1', b: 'x=y' });
    expect(parseOtlpHeaders(undefined)).toEqual({});
  });

  it('uses the GenAI semantic-convention names of @opentelemetry/semantic-conventions', () => {
    expect(GEN_AI).toMatchObject({
      OPERATION_NAME: semconv.ATTR_GEN_AI_OPERATION_NAME,
      PROVIDER_NAME: semconv.ATTR_GEN_AI_PROVIDER_NAME,
      SYSTEM: semconv.ATTR_GEN_AI_SYSTEM,
      AGENT_ID: semconv.ATTR_GEN_AI_AGENT_ID,
      AGENT_NAME: semconv.ATTR_GEN_AI_AGENT_NAME,
      CONVERSATION_ID: semconv.ATTR_GEN_AI_CONVERSATION_ID,
      REQUEST_MODEL: semconv.ATTR_GEN_AI_REQUEST_MODEL,
      RESPONSE_FINISH_REASONS: semconv.ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
      USAGE_INPUT_TOKENS: semconv.ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      USAGE_OUTPUT_TOKENS: semconv.ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      INPUT_MESSAGES: semconv.ATTR_GEN_AI_INPUT_MESSAGES,
      OUTPUT_MESSAGES: semconv.ATTR_GEN_AI_OUTPUT_MESSAGES,
      TOOL_NAME: semconv.ATTR_GEN_AI_TOOL_NAME,
      TOOL_CALL_ID: semconv.ATTR_GEN_AI_TOOL_CALL_ID,
      TOOL_TYPE: semconv.ATTR_GEN_AI_TOOL_TYPE,
      TOOL_CALL_ARGUMENTS: semconv.ATTR_GEN_AI_TOOL_CALL_ARGUMENTS,
      TOOL_CALL_RESULT: semconv.ATTR_GEN_AI_TOOL_CALL_RESULT,
    });
    expect(GEN_AI_OPERATION).toEqual({
      CHAT: semconv.GEN_AI_OPERATION_NAME_VALUE_CHAT,
      INVOKE_AGENT: semconv.GEN_AI_OPERATION_NAME_VALUE_INVOKE_AGENT,
      EXECUTE_TOOL: semconv.GEN_AI_OPERATION_NAME_VALUE_EXECUTE_TOOL,
    });
  });
});

import type { Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { EventPayload } from '@shared/api/index';
import type { OtlpSettings } from '@shared/entities/settings';
import type { Bus } from '../bus/bus';
import { emitRunSpans } from './run-spans';

type TraceEvent = EventPayload<'run.event'>;
type ExportDone = Parameters<SpanExporter['export']>[1];
/** ExportResultCode.SUCCESS of @opentelemetry/core (not a dependency of its own here). */
const EXPORT_SUCCESS = 0;

/** Where and how traces are exported; undefined when export is off. */
export interface OtlpConfig {
  /** The full traces URL (…/v1/traces). */
  url: string;
  headers: Record<string, string>;
  captureContent: boolean;
  serviceName: string;
}

const DEFAULT_BASE = 'http://localhost:4318';
const tracesUrl = (base: string) => (/\/v1\/traces\/?$/.test(base) ? base : `${base.replace(/\/+$/, '')}/v1/traces`);

/** `key=value,key2=value2` (values URL-encoded), as OTEL_EXPORTER_OTLP_HEADERS; malformed pairs are skipped. */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    try {
      if (key) headers[key] = decodeURIComponent(pair.slice(at + 1).trim());
    } catch {
      // A value that is not valid percent-encoding is skipped, like the SDK does.
    }
  }
  return headers;
}

/**
 * The export configuration from the settings and the standard environment variables, which win:
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as is) or OTEL_EXPORTER_OTLP_ENDPOINT (+ /v1/traces)
 * turn export on; OTEL_EXPORTER_OTLP_HEADERS / _TRACES_HEADERS add headers; OTEL_SDK_DISABLED=true
 * or OTEL_TRACES_EXPORTER=none turn it off; OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=true
 * captures content; OTEL_SERVICE_NAME names the service.
 */
export function resolveOtlpConfig(settings: OtlpSettings, env: NodeJS.ProcessEnv, secretHeaders?: string): OtlpConfig | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true' || env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none') return undefined;
  const fromEnv = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || (env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() ? tracesUrl(env.OTEL_EXPORTER_OTLP_ENDPOINT.trim()) : undefined);
  if (!fromEnv && !settings.enabled) return undefined;
  return {
    url: fromEnv ?? tracesUrl(settings.endpoint ?? DEFAULT_BASE),
    headers: {
      ...settings.headers,
      ...parseOtlpHeaders(secretHeaders),
      ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_HEADERS),
      ...parseOtlpHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS),
    },
    captureContent: settings.captureContent || env.OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT?.trim().toLowerCase() === 'true',
    serviceName: env.OTEL_SERVICE_NAME?.trim() || 'agent-factory',
  };
}

/** Reports exports that failed (the SDK itself stays silent unless a global diag logger is set). */
class ReportingExporter implements SpanExporter {
  constructor(
    private readonly inner: SpanExporter,
    private readonly onFailure: (error: unknown) => void,
  ) {}
  export(spans: ReadableSpan[], done: ExportDone): void {
    this.inner.export(spans, (result) => {
      if (result.code !== EXPORT_SUCCESS) this.onFailure(result.error ?? new Error('OTLP export failed'));
      done(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

export interface RunTracingOptions {
  bus: Bus;
  version: string;
  env: NodeJS.ProcessEnv;
  /** The current settings (read again when they change). */
  settings: () => OtlpSettings;
  getSecret: (name: string) => Promise<string | undefined>;
  onExportError?: (error: unknown) => void;
  /** How often finished spans are sent (ms; default the SDK's 5 s). */
  exportDelayMs?: number;
}

export interface RunTracing {
  /** The configuration in use; undefined while export is off. */
  readonly config: OtlpConfig | undefined;
  /** Reads the settings and environment again (after a change of settings or secrets). */
  reconfigure(): Promise<void>;
  /** Sends the spans finished so far. */
  flush(): Promise<void>;
  /** Exports what runs are still going on as interrupted, flushes and stops. */
  close(): Promise<void>;
}

interface Active {
  config: OtlpConfig;
  provider: BasicTracerProvider;
  tracer: Tracer;
}

/**
 * Runs exported as OTLP traces (HTTP/JSON) with the official SDK. Off unless the settings or the
 * environment turn it on. Events of a run tree are gathered while it goes on and become spans when
 * its top run finishes (see emitRunSpans); nothing is gathered while export is off.
 */
export async function createRunTracing(options: RunTracingOptions): Promise<RunTracing> {
  let active: Active | undefined;
  // Events of each run tree going on, by its top run; the tree each run belongs to.
  const trees = new Map<string, TraceEvent[]>();
  const rootOf = new Map<string, string>();

  const resolve = async () => {
    const settings = options.settings();
    const secret = settings.headersSecret ? await options.getSecret(settings.headersSecret) : undefined;
    return resolveOtlpConfig(settings, options.env, secret);
  };

  const start = (config: OtlpConfig): Active => {
    const exporter = new ReportingExporter(new OTLPTraceExporter({ url: config.url, headers: config.headers }), (error) => options.onExportError?.(error));
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': config.serviceName, 'service.version': options.version }),
      spanProcessors: [new BatchSpanProcessor(exporter, options.exportDelayMs ? { scheduledDelayMillis: options.exportDelayMs } : {})],
      generalLimits: { attributeValueLengthLimit: 64 * 1024 },
    });
    return { config, provider, tracer: provider.getTracer('agent-factory', options.version) };
  };

  const emit = (events: TraceEvent[]) => {
    if (active) emitRunSpans(active.tracer, events, { captureContent: active.config.captureContent });
  };

  const onEvent = (e: TraceEvent) => {
    if (!active || e.type === 'text.delta') return;
    if (e.type === 'run.started') {
      const root = e.parentRunId ? rootOf.get(e.parentRunId) : e.runId;
      // A run delegated by one that started before export was on is not traced.
      if (!root) return;
      rootOf.set(e.runId, root);
      if (!trees.has(root)) trees.set(root, []);
    }
    const root = rootOf.get(e.runId);
    const events = root ? trees.get(root) : undefined;
    if (!root || !events) return;
    events.push(e);
    if (e.type === 'run.finished' && e.runId === root) {
      trees.delete(root);
      for (const [runId, r] of rootOf) if (r === root) rootOf.delete(runId);
      emit(events);
    }
  };

  const stop = async () => {
    const was = active;
    if (!was) return;
    // Runs still going on are exported as they stand (ended as interrupted).
    for (const events of trees.values()) emit(events);
    trees.clear();
    rootOf.clear();
    active = undefined;
    await was.provider.shutdown();
  };

  // One change at a time: two quick changes of settings must not leave two providers.
  let changing: Promise<void> = Promise.resolve();
  const reconfigure = () => {
    changing = changing
      .catch(() => undefined)
      .then(async () => {
        const next = await resolve();
        if (JSON.stringify(next) === JSON.stringify(active?.config)) return;
        await stop();
        if (next) active = start(next);
      });
    return changing;
  };

  await reconfigure();
  const offs = [
    options.bus.subscribe('run.event', onEvent),
    options.bus.subscribe('settings.changed', () => void reconfigure().catch((error: unknown) => options.onExportError?.(error))),
  ];

  return {
    get config() {
      return active?.config;
    },
    reconfigure,
    async flush() {
      await active?.provider.forceFlush();
    },
    async close() {
      for (const off of offs) off();
      await changing.catch(() => undefined);
      await stop();
    },
  };
}

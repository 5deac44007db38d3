import type { McpServerMetrics, McpToolMetrics } from '@shared/entities/mcp';

const SAMPLES = 512;

class Series {
  calls = 0;
  errors = 0;
  lastError: { at: string; code: string; message: string } | undefined;
  private readonly latencies: number[] = [];
  private next = 0;

  record(durationMs: number, error?: { code: string; message: string }): void {
    this.calls += 1;
    if (this.latencies.length < SAMPLES) this.latencies.push(durationMs);
    else this.latencies[this.next] = durationMs;
    this.next = (this.next + 1) % SAMPLES;
    if (error) {
      this.errors += 1;
      this.lastError = { at: new Date().toISOString(), ...error };
    }
  }

  percentile(p: number): number | undefined {
    if (this.latencies.length === 0) return undefined;
    const sorted = [...this.latencies].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return Math.round(sorted[rank]! * 100) / 100;
  }

  view() {
    const p50 = this.percentile(50);
    const p95 = this.percentile(95);
    return {
      calls: this.calls,
      errors: this.errors,
      ...(p50 !== undefined ? { p50Ms: p50 } : {}),
      ...(p95 !== undefined ? { p95Ms: p95 } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }
}

/** Call counts, errors and latency percentiles (over the last 512 calls) per server and per tool. */
export class McpMetrics {
  private readonly servers = new Map<string, { all: Series; tools: Map<string, Series> }>();

  record(
    serverId: string,
    tool: string,
    durationMs: number,
    error?: { code: string; message: string },
  ): void {
    let server = this.servers.get(serverId);
    if (!server) this.servers.set(serverId, (server = { all: new Series(), tools: new Map() }));
    let series = server.tools.get(tool);
    if (!series) server.tools.set(tool, (series = new Series()));
    server.all.record(durationMs, error);
    series.record(durationMs, error);
  }

  forServer(serverId: string): McpServerMetrics {
    const server = this.servers.get(serverId);
    const tools: McpToolMetrics[] = server
      ? [...server.tools.entries()]
          .map(([tool, s]) => ({ tool, ...s.view() }))
          .sort((a, b) => a.tool.localeCompare(b.tool))
      : [];
    return { serverId, ...(server ? server.all.view() : { calls: 0, errors: 0 }), tools };
  }

  forget(serverId: string): void {
    this.servers.delete(serverId);
  }
}

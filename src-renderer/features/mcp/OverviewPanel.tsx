import type { ReactNode } from 'react';
import type { McpServerView } from '@shared/entities/mcp';
import { CodeBlock } from '../../ui/CodeBlock';
import { formatTime } from '../../ui/format';
import { endpointText } from './format';
import { approvalModes } from './server-form-model';
import { StatusBadge } from './StatusBadge';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[160px_1fr] gap-3 py-1 text-[13px]">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </div>
  );
}

const names = (record: Record<string, string>) => Object.keys(record).join(', ');

/** The server's live status and its configuration at a glance. */
export function OverviewPanel({ view }: { view: McpServerView }) {
  const { server, status } = view;
  const t = server.transport;
  return (
    <div className="space-y-6 py-4">
      <section aria-labelledby="mcp-overview-status">
        <h3 id="mcp-overview-status" className="mb-1 text-[13px] font-semibold">
          Status
        </h3>
        <dl>
          <Row label="State">
            <StatusBadge state={status.state} />{' '}
            <span className="text-xs text-zinc-500">since {formatTime(status.since)}</span>
          </Row>
          {status.serverInfo ? (
            <Row label="Server">
              {status.serverInfo.name} {status.serverInfo.version}
            </Row>
          ) : null}
          {status.protocolVersion ? <Row label="Protocol">{status.protocolVersion}</Row> : null}
          {status.transport ? <Row label="Connected over">{status.transport}</Row> : null}
          {status.pid !== undefined ? <Row label="Process id">{status.pid}</Row> : null}
          {status.toolCount !== undefined ? <Row label="Tools">{status.toolCount}</Row> : null}
          <Row label="Automatic restarts">{status.restarts}</Row>
          {status.nextRestartAt ? (
            <Row label="Next restart">{formatTime(status.nextRestartAt)}</Row>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="mcp-overview-config">
        <h3 id="mcp-overview-config" className="mb-1 text-[13px] font-semibold">
          Configuration
        </h3>
        <dl>
          <Row label={t.type === 'stdio' ? 'Command line' : 'URL'}>
            <CodeBlock data-testid="mcp-endpoint">{endpointText(server)}</CodeBlock>
          </Row>
          {t.type === 'stdio' && t.cwd ? <Row label="Working folder">{t.cwd}</Row> : null}
          {t.type === 'stdio' && Object.keys(t.env).length ? (
            <Row label="Environment">{names(t.env)}</Row>
          ) : null}
          {Object.keys(server.secretEnv).length ? (
            <Row label="From secrets">
              {Object.entries(server.secretEnv)
                .map(([env, secret]) => `${env} ← ${secret}`)
                .join(', ')}
            </Row>
          ) : null}
          {t.type !== 'stdio' && Object.keys(t.headers).length ? (
            <Row label="Headers">{names(t.headers)}</Row>
          ) : null}
          <Row label="Tool calls">
            {approvalModes.find((m) => m.value === server.approval.default)?.label}
            {Object.keys(server.approval.tools).length
              ? ` (${Object.keys(server.approval.tools).length} tool${Object.keys(server.approval.tools).length === 1 ? '' : 's'} set apart)`
              : ''}
          </Row>
          <Row label="Start with the app">{server.autoStart ? 'Yes' : 'No'}</Row>
          {server.roots.length ? (
            <Row label="Folders (roots)">{server.roots.join(', ')}</Row>
          ) : null}
          <Row label="Tool timeout">{server.toolTimeoutMs / 1000} s</Row>
        </dl>
      </section>
    </div>
  );
}

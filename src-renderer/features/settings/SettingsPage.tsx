import type { ReactNode } from 'react';
import type { SettingsView } from '@shared/entities/settings';
import { SETTINGS_SECTIONS } from '@shared/settings-sections';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { ApiKeys } from './ApiKeys';
import { AutomationSettings } from './AutomationSettings';
import { TelemetrySettings } from './TelemetrySettings';
import { DesktopSettings } from './DesktopSettings';
import { EngineKeys } from './EngineKeys';
import { LocalModels } from './LocalModels';
import { ProviderHostsForm } from './ProviderHostsForm';
import { useSettings } from './use-settings';

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <section className="grid gap-x-8 gap-y-3 border-b border-zinc-200 py-6 last:border-b-0 md:grid-cols-[220px_1fr] dark:border-zinc-800">
      <div>
        <h2 className="text-[13px] font-semibold">{title}</h2>
        <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{description}</p>
      </div>
      <div className="min-w-0">{children}</div>
    </section>
  );
}

/** A Postgres URL without its password. */
function databaseLabel(database: SettingsView['settings']['database']): string {
  if (database.kind === 'pglite') return 'PGlite (embedded, in the data folder)';
  try {
    const url = new URL(database.url);
    url.password = '';
    return `Postgres — ${url.host}${url.pathname}`;
  } catch {
    return 'Postgres';
  }
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[140px_1fr] gap-3 py-1 text-[13px]">
      <dt className="text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 break-all">{children}</dd>
    </div>
  );
}

export function SettingsPage() {
  const { view, info, error, reload, setView } = useSettings();

  if (error && !view) {
    return (
      <div className="p-6">
        <Banner tone="error" actions={<Button onClick={reload}>Retry</Button>}>
          <p>Could not load the settings: {error.message}</p>
          {error.hint ? <p className="opacity-80">{error.hint}</p> : null}
        </Banner>
      </div>
    );
  }
  if (!view) return <p className="p-6 text-xs text-zinc-500">Loading settings…</p>;

  return (
    <div className="h-full overflow-y-auto px-6">
      <div className="mx-auto max-w-3xl">
        {view.problem ? (
          <div className="pt-4">
            <Banner tone="warning">{view.problem}</Banner>
          </div>
        ) : null}
        <Section
          title={SETTINGS_SECTIONS.general}
          description="Where Agent Factory keeps its data."
        >
          <dl>
            <Row label="Data folder">
              <code className="font-mono text-xs" data-testid="settings-data-dir">
                {view.dataDir}
              </code>
            </Row>
            <Row label="Database">{databaseLabel(view.settings.database)}</Row>
            {info ? (
              <Row label="Version">
                {info.version} · {info.mode}
              </Row>
            ) : null}
          </dl>
        </Section>
        <Section
          title={SETTINGS_SECTIONS.providerHosts}
          description="Where each model provider is reached. Change these for a remote Ollama or a proxy."
        >
          <ProviderHostsForm view={view} onSaved={setView} />
        </Section>
        <Section
          title={SETTINGS_SECTIONS.apiKeys}
          description="Stored in the data folder: encrypted when the desktop app has an OS keychain (see below). They are never shown again."
        >
          <ApiKeys
            secrets={view.secrets}
            unreadable={view.unreadableSecrets}
            {...(view.secretStorage ? { storage: view.secretStorage } : {})}
            onView={setView}
            onChanged={(name, set) =>
              setView({
                ...view,
                secrets: { ...view.secrets, [name]: set },
                unreadableSecrets: view.unreadableSecrets.filter((n) => n !== name),
              })
            }
          />
        </Section>
        <Section
          title={SETTINGS_SECTIONS.engineKeys}
          description="Keys other programs use to call this engine's API (agent-factory serve), each with a scope. Shown once, stored hashed, every call audited."
        >
          <EngineKeys />
        </Section>
        <Section
          title={SETTINGS_SECTIONS.localModels}
          description="Models that embed knowledge bases on this machine, offline. Add a folder or download one."
        >
          <LocalModels />
        </Section>
        <Section title={SETTINGS_SECTIONS.automations} description="Background agents that run on schedules and triggers (see the Automations page).">
          <AutomationSettings view={view} onView={setView} />
        </Section>
        <Section title={SETTINGS_SECTIONS.telemetry} description="Runs exported as OpenTelemetry traces to the observability stack you already run. Off by default.">
          <TelemetrySettings view={view} onView={setView} />
        </Section>
        {info?.mode === 'electron' ? (
          <Section
            title={SETTINGS_SECTIONS.desktop}
            description="How the desktop app behaves when its window closes and when you log in."
          >
            <DesktopSettings view={view} onView={setView} />
          </Section>
        ) : null}
      </div>
    </div>
  );
}

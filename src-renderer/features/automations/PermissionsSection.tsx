import type { McpServerView } from '@shared/entities/mcp';
import { Checkbox } from '../../ui/Checkbox';
import { Field } from '../../ui/Field';
import { FormSection } from '../../ui/FormSection';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { TagInput } from '../../ui/TagInput';
import { useServerTools, type BuilderOptions } from '../agents/builder/use-builder-options';
import { FieldError, NumberField, type SectionProps } from './fields';

type Approval = SectionProps['values']['permissions']['approval'];

const approvalHints: Record<Approval, string> = {
  deny: 'Tools that would ask for approval are denied, and the model is told so: the run never waits.',
  'allow-listed': 'Only the tools listed here run; the others are denied.',
  queue:
    'The run waits for you (a notification asks, and it shows on the Automations page) until the wait expires.',
};

function ServerTools({
  view,
  allowed,
  toggle,
}: {
  view: McpServerView;
  allowed: Set<string>;
  toggle: (entry: string, on: boolean) => void;
}) {
  const { server } = view;
  const all = `${server.name}:*`;
  const tools = useServerTools(server.id, !allowed.has(all));
  return (
    <li className="space-y-1.5 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <Checkbox
        id={`allow-${server.id}-all`}
        label={`All tools of ${server.name}`}
        checked={allowed.has(all)}
        onChange={(on) => toggle(all, on)}
      />
      {!allowed.has(all) ? (
        tools.data?.length ? (
          <div className="grid gap-1.5 pl-5 sm:grid-cols-2">
            {tools.data.map((tool) => (
              <Checkbox
                key={tool.name}
                id={`allow-${server.id}-${tool.name}`}
                label={tool.name}
                checked={allowed.has(`${server.name}:${tool.name}`)}
                onChange={(on) => toggle(`${server.name}:${tool.name}`, on)}
              />
            ))}
          </div>
        ) : (
          <p className="pl-5 text-xs text-zinc-500 dark:text-zinc-400">
            {tools.loading ? 'Listing its tools…' : 'Its tools are listed once the server has run.'}
          </p>
        )
      ) : null}
    </li>
  );
}

/** What an unattended run does with tool calls that need approval (never inherited from interactive runs). */
export function PermissionsSection({
  values,
  issues,
  change,
  options,
}: SectionProps & { options: Pick<BuilderOptions, 'servers' | 'builtins'> }) {
  const permissions = values.permissions;
  const setPermissions = (patch: Partial<typeof permissions>) =>
    change((v) => ({ ...v, permissions: { ...v.permissions, ...patch } }));
  const allowed = new Set(permissions.allowTools);
  const toggle = (entry: string, on: boolean) =>
    setPermissions({
      allowTools: on
        ? [...permissions.allowTools, entry]
        : permissions.allowTools.filter((t) => t !== entry),
    });
  const f = issues.fields;

  return (
    <FormSection
      title="Permissions"
      description="Nobody is watching an unattended run: decide now what its tool calls may do."
    >
      <SegmentedControl
        label="Tool calls that need approval"
        options={[
          { value: 'deny', label: 'Deny' },
          { value: 'allow-listed', label: 'Allow listed tools' },
          { value: 'queue', label: 'Ask me (queue)' },
        ]}
        value={permissions.approval}
        onChange={(approval) => setPermissions({ approval })}
      />
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        {approvalHints[permissions.approval]}
      </p>
      <FieldError id="automation-approval" error={f['permissions.approval']} />
      {permissions.approval === 'allow-listed' ? (
        <div className="space-y-2" data-testid="tool-picker">
          <Field
            id="automation-allow-tools"
            label="Allowed tools"
            error={f['permissions.allowTools']}
            hint="server:tool, server:*, or a built-in tool's name."
          >
            <TagInput
              id="automation-allow-tools"
              tags={permissions.allowTools}
              placeholder="filesystem:read_file"
              onChange={(allowTools) => setPermissions({ allowTools })}
            />
          </Field>
          {options.builtins.data?.length ? (
            <fieldset className="space-y-1.5">
              <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
                Built-in tools
              </legend>
              <div className="grid gap-1.5 sm:grid-cols-2">
                {options.builtins.data.map((tool) => (
                  <Checkbox
                    key={tool.name}
                    id={`allow-builtin-${tool.name}`}
                    label={tool.name}
                    checked={allowed.has(tool.name)}
                    onChange={(on) => toggle(tool.name, on)}
                  />
                ))}
              </div>
            </fieldset>
          ) : null}
          {options.servers.data?.length ? (
            <fieldset className="space-y-1.5">
              <legend className="text-xs font-medium text-zinc-700 dark:text-zinc-300">
                MCP servers
              </legend>
              <ul className="space-y-1.5">
                {options.servers.data.map((view) => (
                  <ServerTools key={view.server.id} view={view} allowed={allowed} toggle={toggle} />
                ))}
              </ul>
            </fieldset>
          ) : null}
        </div>
      ) : null}
      {permissions.approval === 'queue' ? (
        <NumberField
          id="automation-queue-timeout"
          label="Wait for an answer at most (minutes)"
          value={permissions.queueTimeoutMs}
          scale={60_000}
          min={1}
          onChange={(queueTimeoutMs) =>
            setPermissions({ queueTimeoutMs: queueTimeoutMs ?? Number.NaN })
          }
          error={f['permissions.queueTimeoutMs']}
          hint="Then the call is denied and the run goes on without it."
        />
      ) : null}
    </FormSection>
  );
}

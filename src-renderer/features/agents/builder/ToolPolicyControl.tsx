import type { ToolPolicy } from '@shared/entities/agent';
import { SegmentedControl } from '../../../ui/SegmentedControl';

type Choice = ToolPolicy | 'default';

const OPTIONS: readonly { value: Choice; label: string; title: string }[] = [
  { value: 'default', label: 'Default', title: 'As the server’s approval policy says (built-ins run without asking)' },
  { value: 'ask', label: 'Ask', title: 'Ask me before each call' },
  { value: 'allow', label: 'Allow', title: 'Run without asking (a changed tool definition is still asked about)' },
  { value: 'deny', label: 'Deny', title: 'Never offer this tool to the agent' },
];

/** Sets or clears one key of an agent's tool policies. */
export function setPolicy(policies: Record<string, ToolPolicy>, key: string, choice: Choice): Record<string, ToolPolicy> {
  const { [key]: _old, ...rest } = policies;
  return choice === 'default' ? rest : { ...rest, [key]: choice };
}

/** Ask / allow / deny for one tool, for this agent only. */
export function ToolPolicyControl({
  toolLabel,
  policyKey,
  policies,
  onChange,
}: {
  toolLabel: string;
  policyKey: string;
  policies: Record<string, ToolPolicy>;
  onChange: (policies: Record<string, ToolPolicy>) => void;
}) {
  return (
    <SegmentedControl
      label={`Approval for ${toolLabel}`}
      options={OPTIONS}
      value={policies[policyKey] ?? 'default'}
      onChange={(choice) => onChange(setPolicy(policies, policyKey, choice))}
    />
  );
}

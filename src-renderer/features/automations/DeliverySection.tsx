import type { NotifyWhen } from '@shared/entities/automation';
import { Checkbox } from '../../ui/Checkbox';
import { FormSection } from '../../ui/FormSection';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { FieldError, TextField, type SectionProps } from './fields';

const notifyOptions: { value: NotifyWhen; label: string }[] = [
  { value: 'always', label: 'Always' },
  { value: 'failure', label: 'On failure' },
  { value: 'changed', label: 'When the output changed' },
  { value: 'never', label: 'Never' },
];

/** Where a run's result goes (its run always stays in the automation's thread). */
export function DeliverySection({ values, issues, change }: SectionProps) {
  const delivery = values.delivery;
  const setDelivery = (patch: Partial<typeof delivery>) =>
    change((v) => ({ ...v, delivery: { ...v.delivery, ...patch } }));
  const f = issues.fields;
  return (
    <FormSection
      title="Delivery"
      description="Where each result goes. Every run also stays in the automation's history and thread."
    >
      <div className="space-y-1">
        <p className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Notify me</p>
        <SegmentedControl
          label="Notify me"
          options={notifyOptions}
          value={delivery.notify}
          onChange={(notify) => setDelivery({ notify })}
        />
        <FieldError id="automation-notify" error={f['delivery.notify']} />
      </div>
      <Checkbox
        id="automation-inbox"
        label="Put each result in the inbox"
        hint="Unread until you open it."
        checked={delivery.inbox}
        onChange={(inbox) => setDelivery({ inbox })}
      />
      <TextField
        id="automation-post-url"
        label="POST the result to (optional)"
        placeholder="https://example.com/hook"
        monospace
        value={delivery.postUrl ?? ''}
        onChange={(postUrl) => setDelivery({ postUrl })}
        error={f['delivery.postUrl']}
        hint="JSON with the automation, the run, its status and output."
      />
      <TextField
        id="automation-append-file"
        label="Append the output to a file (optional)"
        placeholder="/home/me/notes/daily.md"
        monospace
        value={delivery.appendFile ?? ''}
        onChange={(appendFile) => setDelivery({ appendFile })}
        error={f['delivery.appendFile']}
      />
    </FormSection>
  );
}

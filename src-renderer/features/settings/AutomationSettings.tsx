import { useEffect, useState } from 'react';
import type { SettingsView } from '@shared/entities/settings';
import { describedBy, Field, inputClass } from '../../ui/Field';
import { SaveError } from './SaveError';
import { useSectionSave } from './use-section-save';

/** How many automation runs go on at once (all automations together); more wait for a free slot. */
export function AutomationSettings({ view, onView }: { view: SettingsView; onView: (view: SettingsView) => void }) {
  const { busy, error, save } = useSectionSave(onView);
  const saved = view.settings.automations.maxConcurrent;
  const [value, setValue] = useState(String(saved));
  useEffect(() => setValue(String(saved)), [saved]);
  const id = 'automations-max-concurrent';
  const commit = () => {
    const n = Number(value);
    if (value.trim() && Number.isInteger(n) && n !== saved) void save({ automations: { ...view.settings.automations, maxConcurrent: n } });
    else setValue(String(saved));
  };

  return (
    <div className="max-w-xs space-y-2" data-testid="automation-settings">
      <Field id={id} label="Runs at once" hint="Automation runs going on at the same time, all automations together. Fires beyond it wait for a free slot.">
        <input
          {...describedBy(id, error, true)}
          className={inputClass}
          type="number"
          min={1}
          max={20}
          value={value}
          disabled={busy}
          onChange={(e) => setValue(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit();
          }}
        />
      </Field>
      <SaveError error={error} />
    </div>
  );
}

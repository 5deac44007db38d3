import type { ReactNode } from 'react';
import { navigate } from '../../app/route';
import type { AppError } from '@shared/errors';
import { Banner } from '../../ui/Banner';
import { Button } from '../../ui/Button';
import { EmptyState } from '../../ui/EmptyState';
import { PlusIcon, TemplateIcon } from '../../ui/icons';

/** For pages that need an agent (chat, runs) while there is none: make one from a template or build it. */
export function NoAgentsYet({ icon, title, children }: { icon: ReactNode; title: string; children: ReactNode }) {
  return (
    <EmptyState
      icon={icon}
      title={title}
      actions={
        <>
          <Button variant="primary" onClick={() => navigate('agents', 'templates')}>
            <TemplateIcon width={14} height={14} /> New from template
          </Button>
          <Button onClick={() => navigate('agents', 'new')}>
            <PlusIcon width={14} height={14} /> Build an agent
          </Button>
        </>
      }
    >
      {children}
    </EmptyState>
  );
}

/** For the same pages when the agents could not be loaded: why, and a retry. */
export function AgentsLoadError({ error, onRetry }: { error: AppError | null | undefined; onRetry: () => void }) {
  return (
    <div className="p-6">
      <Banner tone="error" actions={<Button onClick={onRetry}>Retry</Button>}>
        <p>Could not load agents: {error?.message}</p>
        {error?.hint ? <p className="opacity-80">{error.hint}</p> : null}
      </Banner>
    </div>
  );
}

import type { ReactNode } from 'react';
import { navigate } from '../../app/route';
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

import type { ComponentType, SVGProps } from 'react';
import { AgentsPage } from '../features/agents/AgentsPage';
import { AutomationsPage } from '../features/automations/AutomationsPage';
import { ChatPage } from '../features/chat/ChatPage';
import { EvalsPage } from '../features/evals/EvalsPage';
import { InboxBadge } from '../features/inbox/InboxBadge';
import { InboxPage } from '../features/inbox/InboxPage';
import { KnowledgePage } from '../features/knowledge/KnowledgePage';
import { McpPage } from '../features/mcp/McpPage';
import { RunsPage } from '../features/runs/RunsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import {
  BookIcon,
  BotIcon,
  ChatIcon,
  ChecklistIcon,
  ClockIcon,
  GearIcon,
  InboxIcon,
  PlayIcon,
  PlugIcon,
} from '../ui/icons';

export interface Feature {
  id: string;
  label: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  Page: ComponentType;
  /** A small count after the label in the sidebar (e.g. unread items). */
  Badge?: ComponentType;
}

/** The sidebar, in order. A feature lives in `src-renderer/features/<id>/`. */
export const features: Feature[] = [
  { id: 'agents', label: 'Agents', icon: BotIcon, Page: AgentsPage },
  { id: 'chat', label: 'Chat', icon: ChatIcon, Page: ChatPage },
  { id: 'knowledge', label: 'Knowledge', icon: BookIcon, Page: KnowledgePage },
  { id: 'mcp', label: 'MCP Servers', icon: PlugIcon, Page: McpPage },
  { id: 'runs', label: 'Runs', icon: PlayIcon, Page: RunsPage },
  { id: 'automations', label: 'Automations', icon: ClockIcon, Page: AutomationsPage },
  { id: 'evals', label: 'Evaluations', icon: ChecklistIcon, Page: EvalsPage },
  { id: 'inbox', label: 'Inbox', icon: InboxIcon, Page: InboxPage, Badge: InboxBadge },
  { id: 'settings', label: 'Settings', icon: GearIcon, Page: SettingsPage },
];

export function featureFor(id: string): Feature {
  return features.find((f) => f.id === id) ?? features[0]!;
}

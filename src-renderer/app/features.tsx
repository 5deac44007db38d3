import type { ComponentType, SVGProps } from 'react';
import { AgentsPage } from '../features/agents/AgentsPage';
import { ChatPage } from '../features/chat/ChatPage';
import { KnowledgePage } from '../features/knowledge/KnowledgePage';
import { McpPage } from '../features/mcp/McpPage';
import { RunsPage } from '../features/runs/RunsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { BookIcon, BotIcon, ChatIcon, GearIcon, PlayIcon, PlugIcon } from '../ui/icons';

export interface Feature {
  id: string;
  label: string;
  icon: ComponentType<SVGProps<SVGSVGElement>>;
  Page: ComponentType;
}

/** The sidebar, in order. A feature lives in `src-renderer/features/<id>/`. */
export const features: Feature[] = [
  { id: 'agents', label: 'Agents', icon: BotIcon, Page: AgentsPage },
  { id: 'chat', label: 'Chat', icon: ChatIcon, Page: ChatPage },
  { id: 'knowledge', label: 'Knowledge', icon: BookIcon, Page: KnowledgePage },
  { id: 'mcp', label: 'MCP Servers', icon: PlugIcon, Page: McpPage },
  { id: 'runs', label: 'Runs', icon: PlayIcon, Page: RunsPage },
  { id: 'settings', label: 'Settings', icon: GearIcon, Page: SettingsPage },
];

export function featureFor(id: string): Feature {
  return features.find((f) => f.id === id) ?? features[0]!;
}

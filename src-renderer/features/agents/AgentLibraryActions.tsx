import { useState } from 'react';
import type { Agent } from '@shared/entities/agent';
import { useApi } from '../../api/context';
import { toAppError } from '../../api/core';
import { navigate } from '../../app/route';
import { Button } from '../../ui/Button';
import { DownloadIcon, PlayIcon } from '../../ui/icons';
import { downloadText } from '../../ui/text-export';

/** Opens the agent's run view (`#/runs/<id>`). */
export function RunAgentButton({ agent }: { agent: Agent }) {
  return (
    <Button onClick={() => navigate('runs', agent.id)} title={`Run ${agent.name}`}>
      <PlayIcon width={13} height={13} /> Run
    </Button>
  );
}

/** Saves the agent's definition as an `agent-factory/agent` JSON file (`agents.export`). */
export function ExportAgentButton({
  agent,
  onError,
}: {
  agent: Agent;
  onError: (message: string) => void;
}) {
  const api = useApi();
  const [busy, setBusy] = useState(false);
  const exportAgent = async () => {
    setBusy(true);
    try {
      const { fileName, json } = await api.call('agents.export', { id: agent.id });
      downloadText(fileName, json);
    } catch (caught) {
      const error = toAppError(caught);
      onError(error.hint ? `${error.message} ${error.hint}` : error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button
      variant="ghost"
      disabled={busy}
      onClick={() => void exportAgent()}
      title="Save as a JSON file"
    >
      <DownloadIcon width={14} height={14} /> Export
    </Button>
  );
}

import { useEffect, useRef } from 'react';
import { create } from 'zustand';
import type { ConnectionStatus } from '@shared/client/ws-client';

export interface ConnectionState {
  transport: 'ipc' | 'websocket';
  status: ConnectionStatus;
}

/** How the window is connected to the app; shown in the top bar. */
export const useConnection = create<ConnectionState>(() => ({
  transport: 'ipc',
  status: 'connecting',
}));

/** Runs `effect` each time the connection comes back after a drop (events may have been missed). */
export function useReconnected(effect: () => void): void {
  const latest = useRef(effect);
  useEffect(() => {
    latest.current = effect;
  });
  useEffect(
    () =>
      useConnection.subscribe((state, previous) => {
        if (state.status === 'connected' && previous.status === 'reconnecting') latest.current();
      }),
    [],
  );
}

import { describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { needsTasks } from './server-runtime';

const tool = (execution?: Tool['execution']): Tool => ({ name: 't', inputSchema: { type: 'object' }, ...(execution ? { execution } : {}) });

describe('tools that need MCP tasks', () => {
  it('marks only tools whose task support is required', () => {
    expect(needsTasks(tool({ taskSupport: 'required' }))).toBe(true);
    expect(needsTasks(tool({ taskSupport: 'optional' }))).toBe(false);
    expect(needsTasks(tool({ taskSupport: 'forbidden' }))).toBe(false);
    expect(needsTasks(tool())).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { FrontendFramer } from './wire-framing';

function untyped(code: number, body: number[] = []): Uint8Array {
  const out = new Uint8Array(8 + body.length);
  const view = new DataView(out.buffer);
  view.setInt32(0, out.length);
  view.setInt32(4, code);
  out.set(body, 8);
  return out;
}
function typed(type: string, body: number[]): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

describe('FrontendFramer', () => {
  it('reads the SSL request and startup message untyped, then typed messages', () => {
    const framer = new FrontendFramer();
    const stream = concat(untyped(80877103), untyped(196608, [1, 2, 0]), typed('Q', [115, 0]), typed('X', []));
    const messages = framer.push(stream);
    expect(messages.map((m) => m.type ?? m.code)).toEqual([80877103, 196608, 'Q', 'X']);
    expect(messages[2]!.bytes).toEqual(typed('Q', [115, 0]));
  });

  it('waits for a message split across chunks, byte by byte', () => {
    const framer = new FrontendFramer();
    const stream = concat(untyped(196608, [9]), typed('P', [1, 2, 3, 4]), typed('S', []));
    const seen: Array<string | number | undefined> = [];
    for (const byte of stream) for (const m of framer.push(Uint8Array.of(byte))) seen.push(m.type ?? m.code);
    expect(seen).toEqual([196608, 'P', 'S']);
  });

  it('refuses a message whose length is impossible', () => {
    const framer = new FrontendFramer();
    framer.push(untyped(196608));
    expect(() => framer.push(Uint8Array.of(81, 0, 0, 0, 1))).toThrow(/Malformed/);
  });
});

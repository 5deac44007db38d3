import { act, renderHook } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { errorText, useAction } from './use-action';

describe('useAction', () => {
  it('is busy while the action runs, and says nothing went wrong when it succeeds', async () => {
    const { result } = renderHook(() => useAction());
    let finish!: () => void;
    let ok: Promise<boolean> | undefined;
    act(() => void (ok = result.current.run(() => new Promise<void>((r) => (finish = r)))));
    expect(result.current.busy).toBe(true);
    await act(async () => finish());
    expect(await ok).toBe(true);
    expect(result.current).toMatchObject({ busy: false, error: null });
  });

  it('says a failure with its hint, and the next run clears it', async () => {
    const { result } = renderHook(() => useAction());
    let ok: boolean | undefined;
    await act(async () => {
      ok = await result.current.run(() =>
        Promise.reject(
          new AppError('NOT_FOUND', 'No automation "x".', { hint: 'Reload the list.' }),
        ),
      );
    });
    expect(ok).toBe(false);
    expect(result.current).toMatchObject({
      busy: false,
      error: 'No automation "x". Reload the list.',
    });
    await act(async () => void (await result.current.run(async () => undefined)));
    expect(result.current.error).toBeNull();
  });

  it('lets the caller word a failure, or show it elsewhere (null)', async () => {
    const { result } = renderHook(() => useAction());
    const issue = new AppError('VALIDATION', 'Invalid input', {
      issues: [{ path: ['path'], message: 'Not a folder' }],
    });
    const atField: string[] = [];
    await act(async () => {
      await result.current.run(
        () => Promise.reject(issue),
        (e) => {
          atField.push(e.issues?.[0]?.message ?? '');
          return null;
        },
      );
    });
    expect(atField).toEqual(['Not a folder']);
    expect(result.current.error).toBeNull();
    await act(async () => {
      await result.current.run(
        () => Promise.reject(issue),
        (e) => `Refused: ${e.message}`,
      );
    });
    expect(result.current.error).toBe('Refused: Invalid input');
  });

  it('words any thrown value', () => {
    expect(errorText(new AppError('CONFLICT', 'Changed since.'))).toBe('Changed since.');
    expect(errorText(new Error('boom'))).toContain('boom');
  });
});

import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, rendererUrl } from './renderer-url';

describe('rendererUrl', () => {
  it('loads the bundled UI from app://, never file://', () => {
    expect(APP_INDEX_URL).toBe('app://agent-factory/index.html');
    expect(rendererUrl({ isPackaged: false, env: {} })).toBe(APP_INDEX_URL);
  });

  it('honours ELECTRON_RENDERER_URL only when the app is not packaged', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173/' };
    expect(rendererUrl({ isPackaged: false, env })).toBe('http://localhost:5173/');
    expect(rendererUrl({ isPackaged: true, env })).toBe(APP_INDEX_URL);
  });

  it('accepts only an http(s) dev server on this machine', () => {
    expect(rendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5174' } })).toBe('http://127.0.0.1:5174/');
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'javascript:alert(1)', 'not a url', 'http://localhost.evil.example/']) {
      expect(rendererUrl({ isPackaged: false, env: { ELECTRON_RENDERER_URL: url } })).toBe(APP_INDEX_URL);
    }
  });
});

import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';

const alias = { '@shared': resolve(import.meta.dirname, 'src-shared') };

/** Database migrations are read from disk at runtime: ship them next to the bundled main code. */
function copyMigrations(): Plugin {
  return {
    name: 'agent-factory:copy-migrations',
    writeBundle(options) {
      const outDir = options.dir ?? resolve(import.meta.dirname, 'out/main');
      cpSync(resolve(import.meta.dirname, 'src-main/engine/store/migrations'), resolve(outDir, 'migrations'), {
        recursive: true,
      });
    },
  };
}

/**
 * In development only, @vitejs/plugin-react injects an inline preamble script for fast refresh;
 * allow inline scripts there. Built pages keep the strict `script-src 'self'`.
 */
function devCsp(): Plugin {
  return {
    name: 'agent-factory:dev-csp',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"),
  };
}

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin(), copyMigrations()],
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/electron/main.ts'),
          cli: resolve(import.meta.dirname, 'src-main/cli/main.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-preload/index.ts') },
        // Sandboxed preload scripts must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react(), tailwindcss(), devCsp()],
    resolve: { alias },
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});

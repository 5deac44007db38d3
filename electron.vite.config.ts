import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { writeSeed } from './src-main/engine/store/pglite-seed';

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
 * A new embedded database loads a pre-initialised, migrated data directory instead of running
 * initdb and the migrations (src-main/engine/store/pglite-seed.ts): make it beside the bundle,
 * reusing the one in node_modules/.cache while the migrations and PGlite are unchanged.
 */
function pgliteSeed(): Plugin {
  return {
    name: 'agent-factory:pglite-seed',
    async writeBundle(options) {
      const outDir = options.dir ?? resolve(import.meta.dirname, 'out/main');
      await writeSeed(
        resolve(import.meta.dirname, 'src-main/engine/store/migrations'),
        resolve(outDir, 'pgdata'),
        resolve(import.meta.dirname, 'node_modules/.cache/agent-factory'),
      );
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
    plugins: [externalizeDepsPlugin(), copyMigrations(), pgliteSeed()],
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

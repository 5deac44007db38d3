// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/**
 * The dependency rule of the architecture (DEVELOPERS.md), enforced as import zones.
 * `target` may not import from `from`.
 */
const zones = [
  { target: './src-shared', from: ['./src-main', './src-preload', './src-renderer', './tests', './bench'], message: 'src-shared is the contract: it imports nothing of the app.' },
  { target: './src-main/engine', from: ['./src-main/electron', './src-main/transport', './src-main/cli', './src-preload', './src-renderer'], message: 'The engine depends on no transport, shell or UI.' },
  { target: './src-renderer', from: ['./src-main', './src-preload'], message: 'The renderer talks to main only through the typed API client.' },
  { target: './src-preload', from: ['./src-main', './src-renderer'], message: 'The preload exposes the contract and nothing else.' },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'coverage/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['tsconfig.node.json', 'tsconfig.web.json'], noWarnOnMultipleProjects: true })],
    },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    ignores: ['src-shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'react', 'react-dom'].map((name) => ({ name, message: 'src-shared is platform-free: no node, DOM or electron.' })),
        patterns: [{ group: ['node:*'], message: 'src-shared is platform-free.' }],
      }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The engine never imports electron: put shell code in src-main/electron and pass it in through an interface.' }],
        patterns: [{ group: ['electron/*'], message: 'The engine never imports electron.' }],
      }],
    },
  },
  {
    files: ['src-preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: '^(?!electron$|@shared/|\\.{1,2}/).*', message: 'The preload imports only electron and the contract (@shared).' }],
      }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['electron', ...nodeBuiltins].map((name) => ({ name, message: 'The renderer runs in a sandboxed page: no node or electron.' })),
      }],
    },
  },
  prettier,
);

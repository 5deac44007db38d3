import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src-main/engine/store/schema/*.ts',
  out: './src-main/engine/store/migrations',
  casing: 'snake_case',
});

import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['*.test.ts', 'src/**/*.test.ts', 'ingest/**/*.test.ts', 'eval/**/*.test.ts'],
    // Workers tests run inside workerd: vitest.workers.config.ts (npm run test:workers).
    exclude: [...configDefaults.exclude, 'src/adapters/cloudflare/**/*.workers.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});

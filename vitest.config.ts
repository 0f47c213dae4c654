import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // Worker-pool tests spawn real threads; on a 2-core machine running files one at a time keeps
    // them from starving each other.
    fileParallelism: false,
  },
});

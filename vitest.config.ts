import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // vitest's default leaves one core idle; on a 2-core machine that ran the files one by one, the
    // hostile-answers sweep and the kill harness (four minutes each) one after the other.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

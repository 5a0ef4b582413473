import { defineConfig } from 'vitest/config';

// The parser suites (`npm run test:parsers`): real PowerShell and Microsoft's T-SQL parser.
export default defineConfig({
  test: {
    include: ['tests/parsers/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

/** Jest runs TypeScript through SWC (transpile only; `npm run typecheck` does the type checking). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/kit', '<rootDir>/sandbox', '<rootDir>/connectors', '<rootDir>/test'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 20000,
  modulePathIgnorePatterns: ['<rootDir>/connectors/.*/dist', '<rootDir>/connectors/.*/build'],
};

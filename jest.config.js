/** Jest runs TypeScript through SWC (transpile only; `npm run typecheck` does the type checking). */
module.exports = {
  testEnvironment: 'node',
  // n8n/ is the n8n engine's folder: its tests resolve n8n-core from n8n/node_modules, and the kit's files
  // they reach resolve zod 4 from the root's.
  roots: ['<rootDir>/kit', '<rootDir>/sandbox', '<rootDir>/connectors', '<rootDir>/test', '<rootDir>/n8n'],
  testMatch: ['**/test/**/*.test.ts'],
  // A connector folder holds index.ts (the source) and index.js (Zapier's entry, which needs a build):
  // tests load the source.
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // jose 6 ships ES modules only, which Jest's CommonJS runtime cannot load on Node 22: compile it too.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFilesAfterEnv: ['<rootDir>/test/setup.ts'],
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testTimeout: 20000,
  // Each test file gets a fresh worker process. nock 14 intercepts through @mswjs/interceptors, whose
  // interceptor is global to a process, while Jest gives every file its own copy of nock: a second
  // file in the same process saw the first file's copy answer (or, once restored, stop intercepting)
  // its requests, and a cold run failed dozens of tests in files that pass alone. Recycling the worker
  // after every file (an idle-memory limit no worker stays under) keeps one nock per process.
  maxWorkers: 2,
  workerIdleMemoryLimit: '1KB',
  modulePathIgnorePatterns: ['<rootDir>/connectors/.*/dist', '<rootDir>/connectors/.*/build', '<rootDir>/n8n/packages/.*/dist'],
};

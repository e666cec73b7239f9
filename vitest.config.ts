/**
 * @module Test runner settings: every test under test/, mirroring the source tree (project
 * 'default'); and the HTTP suites once more over PostgreSQL (project 'postgres'). Each run makes a
 * database of its own and drops it at the end (test/postgres/global-setup.ts).
 */
import { defineConfig } from 'vitest/config'

/** The suites that drive the API over a store (test/worker/helpers.ts `fixture`). */
const httpSuites = [
  'access',
  'acknowledgement',
  'admin-api',
  'analysis',
  'auth',
  'authorization-matrix',
  'catalog',
  'desk',
  'forms-load',
  'recorded-by',
  'reports-import',
  'reviews',
  'rollups',
  'server',
  'status',
  'submissions',
  'unit-search',
].map((name) => `test/worker/${name}.test.ts`)

/**
 * Worker processes the tests start over PostgreSQL inherit this: 3 pooled connections each (plus
 * the writer's and the listener's) rather than 10, so that the suites running side by side stay
 * well under the server's 100 connections (a run peaked at 85 with 10).
 */
const testEnv = { PG_POOL_SIZE: '3' }

export default defineConfig({
  test: {
    globalSetup: ['test/postgres/global-setup.ts'],
    env: testEnv,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'default', include: ['test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: httpSuites,
          env: { ...testEnv, TEST_STORE: 'postgres' },
        },
      },
    ],
  },
})

// One place that says how every project runs its unit and integration tests,
// and where each run writes the JSON report that tools/test-all.mjs sums up.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { fastCheckSeed } from './tools/fast-check-seed.mjs';
import { RunningTestsReporter } from './tools/running-tests-reporter.ts';

const workspaceRoot = fileURLToPath(new URL('./', import.meta.url));
const reportDir = `${workspaceRoot}reports/vitest/`;
// What runs right now, per project and target: read by tools/test-all.mjs when a target hangs.
const running = (project: string, target: string) => new RunningTestsReporter(`${workspaceRoot}reports/running/${project}-${target}.json`, workspaceRoot);
// No test may probe the AWS credential chain's instance-metadata endpoint: tests reach only loopback.
// Nor print the SDK's notice about its future releases needing Node 22 (cagw pins exact SDK versions).
// Every fast-check property runs under one seed, worked out once per run (FC_SEED, else from the
// commit); tools/fast-check-setup.ts hands it to fast-check before each test file.
const env = { AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', FC_SEED: String(fastCheckSeed(process.env, workspaceRoot).seed) };
const setupFiles = [`${workspaceRoot}tools/fast-check-setup.ts`];
const integrationGlob = 'src/**/*.int.test.ts';

export function unitTestConfig(project: string) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts'],
      exclude: [integrationGlob, '**/node_modules/**'],
      reporters: ['default', 'json', running(project, 'test')],
      outputFile: { json: `${reportDir}${project}-test.json` },
      testTimeout: 20_000,
      setupFiles,
      env,
    },
  });
}

// Integration tests start real parts (PostgreSQL, the gateway binary, gpg), so they run
// one file at a time: the machine has two cores and the parts are heavy to start.
export function integrationTestConfig(project: string) {
  return defineConfig({
    test: {
      include: [integrationGlob],
      reporters: ['default', 'json', running(project, 'integration')],
      outputFile: { json: `${reportDir}${project}-integration.json` },
      fileParallelism: false,
      testTimeout: 120_000,
      hookTimeout: 180_000,
      setupFiles,
      env,
    },
  });
}

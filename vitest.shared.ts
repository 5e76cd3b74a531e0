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

// A file that needs a module graph of its own (it checks what gets imported, or mocks a module
// for every importer) is named *.isolated.test.ts.
const isolatedGlob = 'src/**/*.isolated.test.ts';

// Unit test files share one module graph per worker instead of importing every module afresh
// for each file: importing the AWS SDK and the resource specification again and again was most
// of the unit targets' time (preflight 52 s of CPU down to 7 s, deployer 146 s to 85 s).
export function unitTestConfig(project: string) {
  return defineConfig({
    test: {
      reporters: ['default', 'json', running(project, 'test')],
      outputFile: { json: `${reportDir}${project}-test.json` },
      testTimeout: 20_000,
      setupFiles,
      env,
      projects: [
        { extends: true, test: { name: project, include: ['src/**/*.test.ts'], exclude: [integrationGlob, isolatedGlob, '**/node_modules/**'], isolate: false } },
        { extends: true, test: { name: `${project} (isolated)`, include: [isolatedGlob], exclude: ['**/node_modules/**'], isolate: true } },
      ],
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

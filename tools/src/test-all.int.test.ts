// npm test's runner against a workspace of one project whose test hangs for ever in a real
// vitest run: the runner must kill the target's whole process tree at its deadline, name the
// target, the file and the test that were running, and fail with a closing line that says so.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { alive, fixtureFolder, oneProjectWorkspace, runner, workspaceRoot } from './testing/fixture-workspace.ts';

const deadlineSeconds = 25;
const fixture = fixtureFolder('test-all-');
afterAll(() => rmSync(fixture, { recursive: true, force: true }));

function writeFixture(): void {
  const file = oneProjectWorkspace(fixture, 'stuck');
  file(
    'stuck/package.json',
    JSON.stringify({ name: 'stuck', private: true, type: 'module', nx: { name: 'stuck' }, scripts: { test: 'vitest run --config vitest.config.ts' }, cagwTest: { deadlineSeconds: { test: deadlineSeconds } } }),
  );
  file(
    'stuck/vitest.config.ts',
    `import { defineConfig } from 'vitest/config';
import { RunningTestsReporter } from ${JSON.stringify(join(workspaceRoot, 'tools/running-tests-reporter.ts'))};
export default defineConfig({ test: { include: ['src/**/*.test.mjs'], testTimeout: 600_000, reporters: ['default', new RunningTestsReporter(${JSON.stringify(join(fixture, 'reports/running/stuck-test.json'))}, ${JSON.stringify(fixture)})] } });
`,
  );
  file(
    'stuck/src/stuck.test.mjs',
    `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { test } from 'vitest';
test('waits for an answer that never comes', async () => {
  // a server the test started, as an integration test would: it must not outlive the deadline
  const server = spawn('sleep', ['600'], { stdio: 'ignore' });
  writeFileSync(${JSON.stringify(join(fixture, 'server.pid'))}, String(server.pid));
  await new Promise(() => {});
});
`,
  );
}

test('a hanging target is killed at its deadline, named with its running file and test, and fails the run', async () => {
  writeFixture();
  const run = spawn(process.execPath, [runner], { env: { ...process.env, CAGW_WORKSPACE_ROOT: fixture }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => run.on('close', resolve));

  expect(code, output).toBe(1);
  expect(output).toContain(`stuck:test passed its ${deadlineSeconds} s deadline while running stuck/src/stuck.test.mjs (stuck/src/stuck.test.mjs > waits for an answer that never comes)`);
  expect(output).toMatch(/stuck:test\s+\d+\.\d s {2}DEADLINE/);
  expect(output.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
  const serverPid = Number(readFileSync(join(fixture, 'server.pid'), 'utf8'));
  expect(existsSync(`/proc/${serverPid}`) && alive(serverPid), `the test's server (pid ${serverPid}) outlived the deadline`).toBe(false);
}, 180_000);

test('each failure is told again after the timings: a failed test with its error, a failed lint with its last lines', async () => {
  const red = fixtureFolder('test-all-red-');
  try {
    const file = oneProjectWorkspace(red, 'red');
    file(
      'red/package.json',
      JSON.stringify({ name: 'red', private: true, type: 'module', nx: { name: 'red' }, scripts: { test: 'vitest run --config vitest.config.ts', lint: 'echo "red/src/sum.mjs:3:7 error  no-undef: total is not defined" && exit 2' } }),
    );
    file(
      'red/vitest.config.ts',
      `import { defineConfig } from 'vitest/config';
export default defineConfig({ test: { include: ['src/**/*.test.mjs'], reporters: ['default', ['json', { outputFile: ${JSON.stringify(join(red, 'reports/vitest/red-test.json'))} }]] } });
`,
    );
    file('red/src/sum.test.mjs', `import { expect, test } from 'vitest';\ntest('adds two and two', () => expect(2 + 2).toBe(5));\ntest('adds one and one', () => expect(1 + 1).toBe(2));\n`);
    const run = spawnSync(process.execPath, [runner], { env: { ...process.env, CAGW_WORKSPACE_ROOT: red }, encoding: 'utf8', timeout: 120_000 });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status, output).toBe(1);
    // what follows the timings, as a reader of the log's tail sees it
    const tail = run.stdout.slice(run.stdout.indexOf('whole run'));
    expect(tail).toContain('FAILED red:test red/src/sum.test.mjs > adds two and two');
    expect(tail).toMatch(/expected 4 to be 5/);
    expect(tail).not.toContain('adds one and one');
    expect(tail).toContain('FAILED red:lint, its last lines:');
    expect(tail).toContain('red/src/sum.mjs:3:7 error  no-undef: total is not defined');
    expect(tail.trim().split('\n').at(-1)).toBe('1 passed, 2 failed');
  } finally {
    rmSync(red, { recursive: true, force: true });
  }
}, 180_000);

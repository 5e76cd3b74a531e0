// npm test's runner must fail a run that leaves a process running, name it and the target that
// started it, and kill it; and pass a run that leaves nothing. Both kinds of leftover are
// covered: a daemon in a session of its own that keeps the run's marker in its environment
// (as gpg-agent does; as root, also one running as the postgres user, as PostgreSQL does), and a
// child started with a fresh environment that stays in the target's session (as the gateway does).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { alive, fixtureFolder, oneProjectWorkspace, runner } from './testing/fixture-workspace.ts';

const runOn = (dir: string) => {
  const run = spawnSync(process.execPath, [runner], { env: { ...process.env, CAGW_WORKSPACE_ROOT: dir }, encoding: 'utf8', timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, output: `${run.stdout}${run.stderr}` };
};

test('a target that leaves processes running fails the run, which names each with its target and kills it', () => {
  const dir = fixtureFolder('leftovers-');
  const pids: number[] = [];
  try {
    const file = oneProjectWorkspace(dir, 'messy');
    file('messy/package.json', JSON.stringify({ name: 'messy', private: true, type: 'module', nx: { name: 'messy' }, scripts: { test: 'node leave-behind.mjs' } }));
    file(
      'messy/leave-behind.mjs',
      `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
// a daemon: its own session, the environment (and so the run's marker) inherited
const daemon = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
// a fresh environment, no marker, still in the target's session
const bare = spawn('sleep', ['601'], { env: { PATH: process.env.PATH }, stdio: 'ignore' });
daemon.unref();
bare.unref();
writeFileSync('pids', daemon.pid + ' ' + bare.pid);
`,
    );
    const run = runOn(dir);
    pids.push(...readFileSync(join(dir, 'messy/pids'), 'utf8').split(' ').map(Number));
    const [daemon, bare] = pids;

    expect(run.code, run.output).toBe(1);
    const tail = run.stdout.slice(run.stdout.indexOf('whole run'));
    expect(tail).toContain('FAILED messy:test left 2 processes running after the run (killed now):');
    expect(tail).toContain(`pid ${daemon}: sleep 600`);
    expect(tail).toContain(`pid ${bare}: sleep 601`);
    expect(run.stdout).toMatch(/messy:test\s+\d+\.\d s {2}ok, LEFT PROCESSES RUNNING/);
    expect(tail.trim().split('\n').at(-1)).toBe('0 passed, 1 failed');
    expect(pids.filter(alive), 'the leftovers were killed').toEqual([]);
  } finally {
    for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

test('a leftover that holds the target\'s output open does not keep the run waiting for the deadline', () => {
  const dir = fixtureFolder('leftovers-pipe-');
  const pidFile = join(dir, 'holder/pid');
  try {
    const file = oneProjectWorkspace(dir, 'holder');
    // the shell exits at once; its sleep keeps the shell's stdout, the runner's pipe, open
    file('holder/package.json', JSON.stringify({ name: 'holder', private: true, type: 'module', nx: { name: 'holder' }, scripts: { test: 'sleep 603 & echo $! > pid' }, cagwTest: { deadlineSeconds: { test: 60 } } }));
    const run = runOn(dir);
    expect(run.code, run.output).toBe(1);
    expect(run.output).not.toContain('deadline');
    expect(run.stdout).toContain(`FAILED holder:test left 1 process running after the run (killed now):\n  pid ${readFileSync(pidFile, 'utf8').trim()}: sleep 603`);
  } finally {
    const pid = Number(readFileSync(pidFile, 'utf8'));
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

// As root, PostgreSQL runs as the postgres user: its environment is still readable, its marker found.
const postgresId = (flag: string) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim() || NaN);
test.runIf(process.getuid?.() === 0 && Number.isInteger(postgresId('-u')))('as root, a leftover running as another user (postgres) is found by its marker', () => {
  const dir = fixtureFolder('leftovers-postgres-');
  let pid = 0;
  try {
    const file = oneProjectWorkspace(dir, 'daemon');
    file('daemon/package.json', JSON.stringify({ name: 'daemon', private: true, type: 'module', nx: { name: 'daemon' }, scripts: { test: 'node leave-behind.mjs' } }));
    file(
      'daemon/leave-behind.mjs',
      `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const daemon = spawn('sleep', ['602'], { uid: ${postgresId('-u')}, gid: ${postgresId('-g')}, detached: true, stdio: 'ignore' });
daemon.unref();
writeFileSync('pid', String(daemon.pid));
`,
    );
    const run = runOn(dir);
    pid = Number(readFileSync(join(dir, 'daemon/pid'), 'utf8'));
    expect(run.code, run.output).toBe(1);
    expect(run.stdout).toContain(`FAILED daemon:test left 1 process running after the run (killed now):\n  pid ${pid}: sleep 602`);
    expect(alive(pid)).toBe(false);
  } finally {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

test('a target whose children all end before it does passes the check', () => {
  const dir = fixtureFolder('tidy-');
  try {
    const file = oneProjectWorkspace(dir, 'tidy');
    // a child it waits for, as a test that stops what it started
    file('tidy/package.json', JSON.stringify({ name: 'tidy', private: true, type: 'module', nx: { name: 'tidy' }, scripts: { test: 'sleep 1 & wait' } }));
    const run = runOn(dir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toContain('left');
    expect(run.stdout.trim().split('\n').at(-1)).toBe('0 passed, 0 failed');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

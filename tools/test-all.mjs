#!/usr/bin/env node
// `npm test`: every project's lint, typecheck, unit and integration targets, each under a
// deadline, then how long each took and one closing line "N passed, N failed" summed over every
// vitest report (CI reads that line).
//
//   npm test                      everything
//   npm test -- --affected[=BASE] only the projects a change touches (BASE defaults to main)
//   npm test -- --explore         fast-check draws a fresh seed (printed) instead of the commit's
//   FC_SEED=<n> npm test          replays the properties under a seed a failure printed
//
// Before any target runs, the commands the tests need that npm cannot bring are installed from
// Debian when missing (tools/debian-tools.json), or the run stops naming each and its install.
// Targets run two at a time (a third beside an integration target, which mostly waits on its
// servers), the longest first (tools/schedule.mjs). At the end the run fails if
// any process a target started is still running (tools/leftovers.mjs), after killing it.
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { ensureTools } from './ensure-tools.mjs';
import { fastCheckSeed, randomSeed, replayHint } from './fast-check-seed.mjs';
import { killAll, leftovers, RUN_VARIABLE, sessionMembers, TARGET_VARIABLE } from './leftovers.mjs';
import { killProcessTree, processTree } from './process-tree.mjs';
import { loadTimings, longestFirst, MAX_TARGETS_AT_ONCE, nextRunnable, saveTimings } from './schedule.mjs';
import { workspaceTargets } from './workspace-checks.mjs';

// CAGW_WORKSPACE_ROOT points the runner at another workspace: its own test does that with a fixture.
const root = process.env.CAGW_WORKSPACE_ROOT ?? join(import.meta.dirname, '..');
const reportDir = join(root, 'reports', 'vitest');
const runningDir = join(root, 'reports', 'running');
const nxBin = join(root, 'node_modules', '.bin', 'nx');
// this run's timings, read by the next run to start the longest targets first
const timingsFile = join(root, 'reports', 'timings.json');
// Every process a target starts carries this run's id in its environment (see tools/leftovers.mjs).
const runId = randomUUID();
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: process.env.FORCE_COLOR ?? '0', [RUN_VARIABLE]: runId };

const { values: flags } = parseArgs({ options: { affected: { type: 'string' }, explore: { type: 'boolean', default: false } }, allowPositionals: false });

// Deadlines per target, generous against the slowest honest run on a loaded 2-core machine; a
// project may raise one in its package.json ("cagwTest": { "deadlineSeconds": { "integration": 600 } }).
const defaultDeadlineSeconds = { lint: 240, typecheck: 240, test: 300, integration: 480 };
const targetKinds = ['lint', 'typecheck', 'test', 'integration'];
// How much of a failed target's output is repeated at the end, and of each failed test's message.
const tailLines = 40;
const messageLines = 25;

const started = Date.now();
const missing = ensureTools(JSON.parse(readFileSync(join(import.meta.dirname, 'debian-tools.json'), 'utf8')).tools);
if (missing.length > 0) {
  for (const line of missing) console.error(line);
  console.log(`0 passed, ${missing.length} failed`);
  process.exit(1);
}

// One fast-check seed for every property of the run: FC_SEED, a fresh one with --explore, else
// the commit's (tools/fast-check-seed.mjs); vitest.shared.ts reads it back from FC_SEED.
let seed;
try {
  seed = flags.explore && !process.env.FC_SEED ? { seed: randomSeed(), from: '--explore' } : fastCheckSeed(process.env, root);
} catch (error) {
  console.error(error.message);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
env.FC_SEED = String(seed.seed);

rmSync(reportDir, { recursive: true, force: true });
rmSync(runningDir, { recursive: true, force: true });

// Nx works out the project graph once and caches it; eslint's module-boundary rule reads that
// cache. Each target then runs as its project's npm script (what nx would infer and run),
// which spares every target nx's own start-up: about 3 s of CPU each on this 2-core machine.
const graph = spawnSync(nxBin, ['show', 'projects', '--json'], { cwd: root, env, encoding: 'utf8' });
if (graph.status !== 0) {
  console.error(`nx could not read the workspace's projects: ${(graph.stderr ?? graph.error?.message ?? '').trim()}\n  fix: run npm ci, then npm test again`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const timings = loadTimings(timingsFile, join(import.meta.dirname, 'typical-seconds.json'));
const tasks = longestFirst(listTasks(flags.affected === undefined ? undefined : flags.affected || 'main'), timings);
console.log(`npm test: ${tasks.length} targets${flags.affected !== undefined ? ` affected since ${flags.affected || 'main'}` : ''}, two at a time (three while an integration target runs), longest first`);
console.log(`npm test: fast-check seed ${seed.seed} (${seed.from}); ${replayHint(seed.seed)}`);
// processes still in a finished target's session, checked again at the end (tools/leftovers.mjs)
const sessionSuspects = [];
const results = await runAll(tasks);
const left = await leftBehind();
mkdirSync(join(root, 'reports'), { recursive: true });
saveTimings(timingsFile, timings, results);

let passed = 0;
let failed = 0;
for (const file of existsSync(reportDir) ? readdirSync(reportDir) : []) {
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
}
// A target that failed with no failed test in its report (lint, typecheck, a crash, a deadline)
// counts as one failed check, so the closing line never says 0 failed for a red run.
for (const result of results) {
  if (result.code === 0) continue;
  const report = join(reportDir, `${result.project}-${result.target}.json`);
  const failedTests = existsSync(report) ? (JSON.parse(readFileSync(report, 'utf8')).numFailedTests ?? 0) : 0;
  if (failedTests === 0 || result.timedOut) failed += 1;
}
// A target that left processes running failed its check of leaving nothing behind.
failed += left.size;

// when each started, too: which targets overlapped, and what the run waited on at its end
console.log('\nTime per target (slowest first):');
for (const result of [...results].sort((a, b) => b.seconds - a.seconds)) {
  const label = `${result.project}:${result.target}`;
  const state = (result.timedOut ? 'DEADLINE' : result.code === 0 ? 'ok' : 'FAILED') + (left.has(label) ? ', LEFT PROCESSES RUNNING' : '');
  console.log(`  ${label.padEnd(32)} ${result.seconds.toFixed(1).padStart(6)} s  ${state}  (from ${result.startedAt.toFixed(1)} s)`);
}
console.log(`  ${'whole run'.padEnd(32)} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s`);
for (const result of results.filter((r) => r.code !== 0)) console.log(describeFailure(result));
for (const [label, processes] of left) console.log(describeLeftovers(label, processes));
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.code === 0) && left.size === 0 ? 0 : 1);

/**
 * Every project's targets among lint, typecheck, test and integration, from its package.json
 * scripts; in a whole run, the workspace's stand-ins for typecheck and eslint (tools/workspace-checks.mjs).
 */
function listTasks(affectedBase) {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const projects = [];
  for (const pattern of rootPackage.workspaces) {
    const dirs = pattern.endsWith('/*') ? readdirSync(join(root, pattern.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(pattern.slice(0, -2), d.name)) : [pattern];
    for (const dir of dirs) {
      const file = join(root, dir, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      projects.push({ name: pkg.nx?.name ?? pkg.name, dir: join(root, dir), scripts: pkg.scripts ?? {}, deadlines: pkg.cagwTest?.deadlineSeconds ?? {}, uses: pkg.cagwTest?.uses ?? {} });
    }
  }
  let selected = projects;
  if (affectedBase !== undefined) {
    const shown = spawnSync(nxBin, ['show', 'projects', '--affected', `--base=${affectedBase}`, '--head=HEAD', '--json'], { cwd: root, env, encoding: 'utf8' });
    if (shown.status !== 0) {
      console.error(`nx could not work out the projects affected since ${affectedBase}: ${shown.stderr.trim()}\n  fix: name a base that exists, e.g. npm test -- --affected=origin/main`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
    const affected = new Set(JSON.parse(shown.stdout));
    selected = projects.filter((p) => affected.has(p.name));
  }
  const task = (project, script, kind) => ({
    project: project.name,
    dir: project.dir,
    target: script,
    kind,
    deadlineSeconds: project.deadlines[script] ?? defaultDeadlineSeconds[kind],
    // what it shares with other targets ("cagwTest": { "uses": ... }, see tools/schedule.mjs)
    uses: { reads: project.uses[script]?.reads ?? [], writes: project.uses[script]?.writes ?? [] },
  });
  const perProject = targetKinds.flatMap((kind) => selected.filter((project) => project.scripts[kind]).map((project) => task(project, kind, kind)));
  if (affectedBase !== undefined) return perProject;
  const { workspace, perProject: changes } = workspaceTargets(rootPackage, selected);
  const workspaceProject = { name: 'workspace', dir: root, deadlines: rootPackage.cagwTest?.deadlineSeconds ?? {}, uses: {} };
  return [
    ...workspace.map(({ script, kind }) => task(workspaceProject, script, kind)),
    ...perProject.filter((t) => !changes.get(t.project).drop.has(t.target)),
    ...selected.flatMap((project) => changes.get(project.name).add.map((script) => task(project, script, 'lint'))),
  ];
}

/** Runs the tasks (longest first) two or three at a time, never two at once that conflict (tools/schedule.mjs). */
async function runAll(queue) {
  const pending = [...queue];
  const results = [];
  const running = [];
  const next = () => {
    const index = nextRunnable(pending, running);
    return index === -1 ? undefined : pending.splice(index, 1)[0];
  };
  const wakeups = [];
  const worker = async () => {
    for (;;) {
      const task = next();
      if (!task) {
        if (pending.length === 0) return;
        await new Promise((resolve) => wakeups.push(resolve));
        continue;
      }
      running.push(task);
      results.push(await runTask(task));
      running.splice(running.indexOf(task), 1);
      wakeups.splice(0).forEach((wake) => wake());
    }
  };
  await Promise.all(Array.from({ length: MAX_TARGETS_AT_ONCE }, worker));
  return results;
}

/** One target, run as its npm script, killed with its whole process tree when it passes its deadline. */
function runTask({ project, dir, target, deadlineSeconds }) {
  const label = `${project}:${target}`;
  const begin = Date.now();
  console.log(`> ${label}`);
  return new Promise((resolve) => {
    // Not `npm run --silent`: that sets npm_config_loglevel=silent for every npm the tests run,
    // whose errors the code under test reads.
    // detached: a session of its own, which tools/leftovers.mjs reads when the target ends
    const child = spawn('npm', ['run', target], { cwd: dir, env: { ...env, [TARGET_VARIABLE]: label }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    // Two targets run at once: every line says which one it is from.
    // The last lines are kept to repeat a failure at the end, where a log's tail shows it.
    const lastLines = [];
    for (const [from, to] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
      createInterface({ input: from, crlfDelay: Infinity }).on('line', (line) => {
        to.write(`${label}: ${line}\n`);
        lastLines.push(line);
        if (lastLines.length > tailLines) lastLines.shift();
      });
    }
    let timedOut = false;
    let deadlineMessage = '';
    const deadline = setTimeout(() => {
      timedOut = true;
      // the tree, then what escaped it: a daemon (gpg-agent) re-parents to init but keeps the marker
      const tree = new Set(processTree(child.pid));
      const escaped = [...leftovers(runId, { target: label }), ...sessionMembers(child.pid, label)].filter((p) => !tree.has(p.pid));
      const killed = killProcessTree(child.pid) + escaped.length;
      killAll(escaped);
      deadlineMessage = `${label} passed its ${deadlineSeconds} s deadline${describeRunning(project, target)}; killed its ${killed} processes. Fix the hang (or, if the target is honestly that slow, raise "cagwTest.deadlineSeconds.${target}" in its package.json).`;
      console.error(`\n${deadlineMessage}\n`);
    }, deadlineSeconds * 1000);
    // A leftover that inherited the target's stdout or stderr holds the pipe open after the target
    // has exited, and 'close' would wait for it up to the deadline: stop reading soon after the
    // exit instead, so the run goes on and names the leftover at its end.
    child.on('exit', () => {
      setTimeout(() => [child.stdout, child.stderr].forEach((stream) => stream.destroy()), 5000).unref();
    });
    child.on('close', (code) => {
      clearTimeout(deadline);
      sessionSuspects.push(...sessionMembers(child.pid, label));
      resolve({ project, target, code: timedOut ? 1 : (code ?? 1), timedOut, deadlineMessage, lastLines, seconds: (Date.now() - begin) / 1000, startedAt: (begin - started) / 1000 });
    });
  });
}

/**
 * A failed target, told again after the timings: a CI log is often read from its tail, and two
 * targets' output interleave above. A deadline gives its message; a vitest target each failed
 * test with the start of its error; any other failure (lint, typecheck, a crash) its last lines.
 */
function describeFailure(result) {
  const label = `${result.project}:${result.target}`;
  if (result.timedOut) return `\nFAILED ${result.deadlineMessage}`;
  const reportFile = join(reportDir, `${result.project}-${result.target}.json`);
  const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : undefined;
  const failures = (report?.testResults ?? []).flatMap((file) => {
    const tests = file.assertionResults.filter((a) => a.status === 'failed').map((a) => ({ name: `${relative(root, file.name)} > ${a.fullName}`, message: a.failureMessages?.[0] ?? '' }));
    // a file that failed before any test ran (an import error, a failing hook)
    return tests.length > 0 || file.status !== 'failed' ? tests : [{ name: relative(root, file.name), message: file.message ?? '' }];
  });
  if (failures.length === 0) return `\nFAILED ${label}, its last lines:\n${result.lastLines.map((line) => `  ${line}`).join('\n')}`;
  return failures
    .map(({ name, message }) => `\nFAILED ${label} ${name}\n${stripVTControlCharacters(message).split('\n').slice(0, messageLines).map((line) => `  ${line}`).join('\n')}`)
    .join('\n');
}

/**
 * Each target's processes still running after every target ended, killed: Map label -> processes.
 * Something its test's teardown signalled may still be on its way out, so what is found gets a
 * moment to end by itself before it counts.
 */
async function leftBehind() {
  let found = leftovers(runId, { sessionSuspects });
  for (let waited = 0; found.length > 0 && waited < 3000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = leftovers(runId, { sessionSuspects });
  }
  killAll(found);
  const byTarget = new Map();
  for (const p of found) byTarget.set(p.target, [...(byTarget.get(p.target) ?? []), p]);
  return byTarget;
}

/** A target's leftovers, told after the timings like any failure. */
function describeLeftovers(label, processes) {
  const lines = processes.map((p) => `  pid ${p.pid}: ${p.command.length > 200 ? `${p.command.slice(0, 200)}…` : p.command}`);
  return `\nFAILED ${label} left ${processes.length} process${processes.length === 1 ? '' : 'es'} running after the run (killed now):\n${lines.join('\n')}\n  fix: stop what its tests start in their teardown (afterAll, finally), including daemons such as gpg-agent (gpgconf --kill all)`;
}

/** " while running FILE (test T)" from the vitest reporter's record, or nothing for non-vitest targets. */
function describeRunning(project, target) {
  const file = join(runningDir, `${project}-${target}.json`);
  if (!existsSync(file)) return '';
  try {
    const { files, loading = [], tests } = JSON.parse(readFileSync(file, 'utf8'));
    if (files.length === 0 && loading.length > 0) return ` while loading ${loading.join(', ')} (importing the file, before its first test)`;
    if (files.length === 0) return ' (no test file was running or loading: it hung before the first file or after the last)';
    return ` while running ${files.join(', ')}${tests.length > 0 ? ` (${tests.join('; ')})` : ' (in a hook, between tests)'}`;
  } catch {
    return '';
  }
}

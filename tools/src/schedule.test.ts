import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs module of the runner, without type declarations
import { conflict, loadTimings, longestFirst, nextRunnable, saveTimings } from '../schedule.mjs';

interface Task {
  project: string;
  target: string;
  uses: { reads: string[]; writes: string[] };
}
const task = (label: string, uses: Partial<Task['uses']> = {}): Task => {
  const [project, target] = label.split(':') as [string, string];
  return { project, target, uses: { reads: [], writes: [], ...uses } };
};
const labels = (tasks: Task[]) => tasks.map((t) => `${t.project}:${t.target}`);

test('the longest expected target goes first; without a timing, integration targets count as long', () => {
  const tasks = [task('a:lint'), task('b:integration'), task('c:test'), task('d:integration')];
  expect(labels(longestFirst(tasks, { 'a:lint': 300, 'd:integration': 200 }))).toEqual(['a:lint', 'd:integration', 'b:integration', 'c:test']);
  expect(labels(longestFirst(tasks, {}))).toEqual(['b:integration', 'd:integration', 'c:test', 'a:lint']);
});

test('two integration targets that share nothing run side by side', () => {
  const pending = [task('b:integration'), task('c:lint')];
  expect(nextRunnable(pending, [task('a:integration')])).toBe(0);
});

test('a target that writes what a running one reads waits, and a shorter one goes meanwhile', () => {
  const pending = [task('packaging:integration', { writes: ['dist'] }), task('c:lint')];
  expect(nextRunnable(pending, [task('deployer:integration', { reads: ['dist'] })])).toBe(1);
  expect(nextRunnable(pending.slice(0, 1), [task('deployer:integration', { reads: ['dist'] })])).toBe(-1);
});

test('a third target starts only beside a running integration target on a machine not already busy, never a fourth', () => {
  const pending = [task('c:test'), task('d:lint')];
  const quiet = { load: 1.2, cores: 2 };
  expect(nextRunnable(pending, [task('a:test')], quiet)).toBe(0);
  expect(nextRunnable(pending, [task('a:test'), task('b:typecheck')], quiet)).toBe(-1);
  expect(nextRunnable(pending, [task('a:test'), task('b:integration')], quiet)).toBe(0);
  expect(nextRunnable(pending, [task('a:integration'), task('b:integration'), task('e:test')], quiet)).toBe(-1);
  // a target's kind, when it says one, decides over its name
  expect(nextRunnable(pending, [task('a:test'), { ...task('b:e2e'), kind: 'integration' }], quiet)).toBe(0);
  // a load at or over the cores (another job, stress-ng): two at a time, and still two
  expect(nextRunnable(pending, [task('a:test'), task('b:integration')], { load: 2.4, cores: 2 })).toBe(-1);
  expect(nextRunnable(pending, [task('a:test')], { load: 7, cores: 2 })).toBe(0);
});

test('readers of the same thing do not conflict; a writer conflicts with a reader and a writer', () => {
  expect(conflict(task('a:integration', { reads: ['dist'] }), task('b:integration', { reads: ['dist'] }))).toBe(false);
  expect(conflict(task('a:integration', { reads: ['dist'] }), task('b:integration', { writes: ['dist'] }))).toBe(true);
  expect(conflict(task('a:integration', { writes: ['dist'] }), task('b:integration', { writes: ['dist'] }))).toBe(true);
});

test('a run saves its timings over the earlier ones, and the next run reads them before the committed hint', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-timings-'));
  try {
    const file = join(dir, 'timings.json');
    saveTimings(file, { 'a:lint': 3, 'b:test': 9 }, [{ project: 'b', target: 'test', seconds: 12.345 }]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ seconds: { 'a:lint': 3, 'b:test': 12.3 } });
    expect(loadTimings(join(dir, 'missing.json'), file)).toEqual({ 'a:lint': 3, 'b:test': 12.3 });
    expect(loadTimings(join(dir, 'missing.json'))).toEqual({});
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The CI workflow as GitHub Actions reads it: installs with npm ci, derives the shas the way
// the Nx docs recommend, and runs the four targets of the affected projects (all of them on
// the default branch).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { workspaceRoot } from './workspace-packages.ts';

interface Step { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
const workflow = parse(readFileSync(join(workspaceRoot, '.github/workflows/ci.yml'), 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const index = (match: (s: Step) => boolean) => steps.findIndex(match);

test('runs on pull requests and on pushes to the default branch', () => {
  expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['pull_request', 'push']));
});

test('checks out the whole history, installs with npm ci on Node 20, then sets the shas with nrwl/nx-set-shas', () => {
  const checkout = steps[index((s) => s.uses?.startsWith('actions/checkout@') ?? false)]!;
  expect(checkout.with?.['fetch-depth']).toBe(0);
  expect(steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe(20);
  const install = index((s) => s.run === 'npm ci');
  const shas = index((s) => s.uses?.startsWith('nrwl/nx-set-shas@') ?? false);
  expect(install).toBeGreaterThan(-1);
  expect(shas).toBeGreaterThan(install);
});

test('a change runs nx affected -t lint typecheck test integration between NX_BASE and NX_HEAD; the default branch runs every project', () => {
  const affected = steps.find((s) => s.run?.includes('nx affected'))!;
  expect(affected.run).toMatch(/npx nx affected -t lint typecheck test integration --base=\$NX_BASE --head=\$NX_HEAD/);
  expect(affected.if).toBe('github.ref_name != github.event.repository.default_branch');
  const everything = steps.find((s) => s.run?.includes('nx run-many'))!;
  expect(everything.run).toMatch(/npx nx run-many -t lint typecheck test integration/);
  expect(everything.if).toBe('github.ref_name == github.event.repository.default_branch');
  expect(index((s) => s === affected)).toBeGreaterThan(index((s) => s.uses?.startsWith('nrwl/nx-set-shas@') ?? false));
});

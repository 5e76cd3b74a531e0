// nx release as configured in nx.json: each published package versioned on its own, a
// changelog per package from the commits that touched it, nothing published, tagged or written.
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { DEPLOYER, LIBRARIES, workspaceRoot } from './workspace-packages.ts';

function nxRelease(args: string[]): string {
  const result = spawnSync('npx', ['nx', 'release', ...args], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' },
    timeout: 240_000,
  });
  if (result.status !== 0) throw new Error(`nx release ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const gitStatus = () => spawnSync('git', ['status', '--porcelain', '--', ...[...LIBRARIES, DEPLOYER].map((p) => `${p.dir}/package.json`), ...[...LIBRARIES, DEPLOYER].map((p) => `${p.dir}/CHANGELOG.md`)], { cwd: workspaceRoot, encoding: 'utf8' }).stdout;

test('nx release --dry-run versions every package, previews a changelog from the commits, and publishes nothing', () => {
  const before = gitStatus();
  const out = nxRelease(['patch', '--dry-run', '--skip-publish', '--first-release']);
  for (const { project, dir } of [...LIBRARIES, DEPLOYER]) {
    expect(out).toContain(`Previewing an entry in ${dir}/CHANGELOG.md for ${project}@`);
  }
  // a commit that touched libs/errors, under its area
  expect(out).toContain('CagwError in its own package @cagw/errors');
  expect(out).toContain('Skipped publishing packages');
  expect(gitStatus()).toBe(before);
}, 300_000);

test('versions are independent: releasing one package moves no other version', () => {
  const out = nxRelease(['patch', '--projects=dsn', '--dry-run', '--skip-publish', '--first-release']);
  expect([...out.matchAll(/New version (\S+) written to manifest: (\S+)/g)].map((m) => [m[1], m[2]])).toEqual([['0.1.1', 'libs/dsn/package.json']]);
}, 300_000);

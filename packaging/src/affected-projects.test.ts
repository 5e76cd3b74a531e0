// The project graph nx affected works from: one edited file per kind, and the projects it must
// (and must not) select, implicit edges included (the deployer copies docker/ into its image
// build and reads cloudformation/templates/*.yaml at run time; most projects test the shipped
// profiles). Asked of nx itself, as CI asks it, with --files instead of a real diff.
import { spawnSync } from 'node:child_process';
import { expect, test } from 'vitest';
import { workspaceRoot } from './workspace-packages.ts';

function affectedBy(file: string): string[] {
  const shown = spawnSync('npx', ['nx', 'show', 'projects', '--affected', `--files=${file}`, '--json'], {
    cwd: workspaceRoot,
    encoding: 'utf8',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    timeout: 120_000,
  });
  if (shown.status !== 0) throw new Error(`nx show projects --affected --files=${file} exited ${shown.status}: ${shown.stderr}`);
  return JSON.parse(shown.stdout) as string[];
}

const cases: { file: string; includes: string[]; excludes: string[] }[] = [
  { file: 'cloudformation/templates/gateway.yaml', includes: ['cloudformation', 'deployer', 'preflight', 'packaging'], excludes: ['profile', 'dsn', 'errors', 'local-gateway'] },
  { file: 'docker/Dockerfile', includes: ['docker', 'deployer', 'packaging'], excludes: ['cloudformation', 'config-render', 'profile', 'dsn'] },
  { file: 'docker/entrypoint.sh', includes: ['docker', 'deployer'], excludes: ['cloudformation', 'config-render', 'profile'] },
  { file: 'profiles/local.env', includes: ['profiles', 'profile', 'config-render', 'observability', 'cloudformation', 'deployer', 'packaging'], excludes: [] },
  { file: 'libs/config-render/templates/gateway.yaml.hbs', includes: ['config-render', 'preflight', 'deployer', 'packaging'], excludes: ['profile', 'cloudformation', 'observability', 'errors'] },
  { file: 'libs/dsn/src/build-postgres-url.ts', includes: ['dsn', 'docker', 'packaging'], excludes: ['profile', 'config-render', 'cloudformation', 'observability', 'preflight'] },
  { file: 'libs/errors/src/cagw-error.ts', includes: ['errors', 'profile', 'dsn', 'config-render', 'preflight', 'observability', 'cloudformation', 'local-gateway', 'deployer', 'docker', 'packaging'], excludes: ['profiles'] },
];

test.each(cases)('editing $file affects what reads it', ({ file, includes, excludes }) => {
  const affected = affectedBy(file);
  expect(affected).toEqual(expect.arrayContaining(includes));
  for (const project of excludes) expect(affected, `${project} does not read ${file}`).not.toContain(project);
}, 150_000);

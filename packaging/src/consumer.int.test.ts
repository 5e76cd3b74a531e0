// The libraries as a platform team meets them: packed with `npm pack`, installed from the
// tarballs into an empty Node project outside the workspace (third-party packages from the
// registry as usual), imported from plain .mjs by plain `node` (no loader, no TypeScript),
// each README example run as is; and the cagw command installed from its tarball, run with npx.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildProjects, newConsumerProject, packPackages, run, type PackedPackage } from './pack-and-install.ts';
import { readmeExamples } from './readme-examples.ts';
import { DEPLOYER, LIBRARIES, workspaceRoot } from './workspace-packages.ts';

let packed: PackedPackage[] = [];
let consumer = '';
const scratch = mkdtempSync(join(tmpdir(), 'cagw-tarballs-'));

beforeAll(() => {
  buildProjects([...LIBRARIES, DEPLOYER].map((l) => l.project));
  packed = packPackages([...LIBRARIES, DEPLOYER], scratch);
  consumer = newConsumerProject(packed.map((p) => p.tarball));
}, 1_200_000);

afterAll(() => {
  for (const dir of [scratch, consumer]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('each library packed', () => {
  test.each(LIBRARIES.map((l) => l.name))('%s ships built JavaScript with declarations, its README, and no sources, tests or test helpers', (name) => {
    const { files } = packed.find((p) => p.name === name)!;
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(files).toContain('README.md');
    expect(files).toContain('package.json');
    expect(files.filter((f) => /^src\/|\.test\.|testing\/|test-support|\.bench\.|\.fixture\./.test(f))).toEqual([]);
  });

  test('the run-time assets the libraries read are inside the tarballs', () => {
    expect(packed.find((p) => p.name === '@cagw/config-render')!.files).toContain('templates/gateway.yaml.hbs');
    const templates = packed.find((p) => p.name === '@cagw/cloudformation')!.files.filter((f) => f.startsWith('templates/'));
    expect(templates.length).toBeGreaterThanOrEqual(7);
  });

  test('a library names its license, repository, engines and exact versions of what it depends on', () => {
    for (const { dir } of LIBRARIES) {
      const manifest = JSON.parse(readFileSync(join(workspaceRoot, dir, 'package.json'), 'utf8'));
      expect(manifest).toMatchObject({ license: 'MIT', engines: { node: expect.any(String) }, repository: { directory: dir } });
      expect(manifest.private, dir).toBeUndefined();
      const ranges = Object.values<string>({ ...manifest.dependencies, ...manifest.optionalDependencies });
      expect(ranges.filter((r) => !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(r)), dir).toEqual([]);
    }
  });
});

describe('installed into an empty project', () => {
  test('the installed libraries resolve to their built files, not to sources', () => {
    for (const { name } of LIBRARIES) expect(existsSync(join(consumer, 'node_modules', name, 'src')), name).toBe(false);
    const probe = join(consumer, 'resolve.mjs');
    writeFileSync(probe, `for (const name of ${JSON.stringify(LIBRARIES.map((l) => l.name))}) console.log(import.meta.resolve(name));\n`);
    const resolved = run(process.execPath, [probe], { cwd: consumer, timeoutMs: 60_000 }).trim().split('\n');
    expect(resolved).toHaveLength(LIBRARIES.length);
    for (const url of resolved) expect(url).toMatch(/\/node_modules\/@cagw\/[a-z-]+\/dist\/index\.js$/);
  });

  test.each(LIBRARIES.map((l) => [l.name, l.dir]))("%s: the README's example runs from a plain .mjs", (name, dir) => {
    const [example] = readmeExamples(readFileSync(join(workspaceRoot, dir, 'README.md'), 'utf8'));
    const file = join(consumer, `${name.replace('@cagw/', '')}.example.mjs`);
    writeFileSync(file, example!);
    const out = run(process.execPath, [file], { cwd: consumer, timeoutMs: 120_000 });
    expect(out.trim().length).toBeGreaterThan(0);
  });
});

describe('the cagw command installed from its tarball', () => {
  const profile = () => {
    const file = join(consumer, 'team.env');
    writeFileSync(file, readFileSync(join(workspaceRoot, 'profiles/local.env'), 'utf8').replace(/^POLICIES_FILE=.*$/m, ''));
    return file;
  };

  test('ships the bundle and the bin, no sources', () => {
    const { files } = packed.find((p) => p.name === DEPLOYER.name)!;
    expect(files).toContain('bin/cagw.mjs');
    expect(files).toContain('dist/main.js');
    expect(files.filter((f) => /^src\/|\.test\.|testing\//.test(f))).toEqual([]);
  });

  test('npx cagw --help lists the commands', () => {
    const out = run('npx', ['--no-install', 'cagw', '--help'], { cwd: consumer, timeoutMs: 60_000 });
    expect(out).toContain('Usage: cagw <command>');
    expect(out).toMatch(/^ {2}render {2,}/m);
  });

  test('npx cagw render writes the gateway config from a profile, and npx cagw plan shows the stacks', () => {
    const out = join(consumer, 'out');
    expect(run('npx', ['--no-install', 'cagw', 'render', '--profile', profile(), '--out', out], { cwd: consumer, timeoutMs: 60_000 })).toMatch(/packed \d+ of 4096 bytes/);
    expect(readFileSync(join(out, 'gateway.yaml'), 'utf8')).toMatch(/^# gateway.yaml for the Claude apps gateway, rendered by cagw from profile team/);
    expect(run('npx', ['--no-install', 'cagw', 'plan', '--profile', profile()], { cwd: consumer, timeoutMs: 60_000 })).toContain('claude-gateway-gateway');
  });
});

// The libraries as a platform team meets them: packed with `npm pack`, installed from the
// tarballs into an empty Node project outside the workspace (third-party packages from the
// registry as usual), imported from plain .mjs by plain `node` (no loader, no TypeScript),
// each README example run as is.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildProjects, newConsumerProject, packPackages, run, type PackedPackage } from './pack-and-install.ts';
import { readmeExamples } from './readme-examples.ts';
import { LIBRARIES, workspaceRoot } from './workspace-packages.ts';

let packed: PackedPackage[] = [];
let consumer = '';
const scratch = mkdtempSync(join(tmpdir(), 'cagw-tarballs-'));

beforeAll(() => {
  buildProjects(LIBRARIES.map((l) => l.project));
  packed = packPackages(LIBRARIES, scratch);
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

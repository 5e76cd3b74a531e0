// What makes a library work both ways: inside the workspace its sources under the "development"
// condition (no build step), outside it the built files (types and import).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { LIBRARIES, workspaceRoot } from './workspace-packages.ts';

const manifest = (dir: string) => JSON.parse(readFileSync(join(workspaceRoot, dir, 'package.json'), 'utf8'));

test.each(LIBRARIES.map((l) => [l.name, l.dir]))('%s exports its sources under "development" first, then the built types and module', (_name, dir) => {
  const exports = manifest(dir).exports['.'];
  expect(Object.keys(exports)).toEqual(['development', 'types', 'import']); // the first matching condition wins
  expect(existsSync(join(workspaceRoot, dir, exports.development))).toBe(true);
  expect(exports).toMatchObject({ types: './dist/index.d.ts', import: './dist/index.js' });
  expect(manifest(dir).files).toContain('dist');
});

test('the workspace type-checks against the sources', () => {
  const base = JSON.parse(readFileSync(join(workspaceRoot, 'tsconfig.base.json'), 'utf8'));
  expect(base.compilerOptions.customConditions).toEqual(['development']);
});

test('node resolves a library to its sources only under the development condition', () => {
  const resolve = (...flags: string[]) =>
    spawnSync(process.execPath, [...flags, '--input-type=module', '-e', "console.log(import.meta.resolve('@cagw/profile'))"], { cwd: workspaceRoot, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } }).stdout.trim();
  expect(resolve('--conditions=development')).toMatch(/\/libs\/profile\/src\/index\.ts$/);
  // node follows the workspace link to libs/ only when dist/ is built; either way it is dist
  expect(resolve()).toMatch(/\/(libs|node_modules\/@cagw)\/profile\/dist\/index\.js$/);
});

test('vitest, which runs this test, resolves the libraries to their sources', () => {
  expect(import.meta.resolve('@cagw/errors')).toMatch(/\/libs\/errors\/src\/index\.ts$/);
  expect(import.meta.resolve('@cagw/config-render')).toMatch(/\/libs\/config-render\/src\/index\.ts$/);
});

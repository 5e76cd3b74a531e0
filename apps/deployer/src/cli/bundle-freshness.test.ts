// bin/cagw.mjs runs the bundle only while nothing it was built from changed: tests that spawn the
// CLI (and users) then run the current sources through tsx instead of stale code.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, test } from 'vitest';
// @ts-expect-error -- the bin's plain JavaScript module has no type declarations
import { bundleStaleness } from '../../bin/bundle-freshness.mjs';

const staleness = bundleStaleness as (dist: URL) => string | undefined;
let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** dist/ with main.js built at t=2000 s, from src/a.ts and lib/src/b.ts (t=1000 s), needing lib/dist/index.js (t=1500 s) */
function workspace(): URL {
  root = mkdtempSync(join(tmpdir(), 'cagw-freshness-'));
  const files: Record<string, number> = { 'src/a.ts': 1000, 'lib/src/b.ts': 1000, 'lib/dist/index.js': 1500, 'dist/main.js': 2000 };
  for (const [file, at] of Object.entries(files)) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), at, at);
  }
  writeFileSync(join(root, 'dist', 'inputs.json'), JSON.stringify({ inputs: ['../src/a.ts', '../lib/src/b.ts'], requires: ['../lib/dist/index.js'] }));
  return pathToFileURL(join(root, 'dist/'));
}
const touch = (file: string, at: number) => utimesSync(join(root, file), at, at);

test('a bundle built after every input, with what it requires, runs', () => {
  expect(staleness(workspace())).toBeUndefined();
});

test('a source edited after the build makes it stale, naming the file', () => {
  const dist = workspace();
  touch('src/a.ts', 2500);
  expect(staleness(dist)).toBe(`${join(root, 'src/a.ts')} changed after the bundle was built`);
});

test('a workspace package’s source edited after its dist was built is stale even before the bundle’s own build time', () => {
  const dist = workspace();
  touch('lib/src/b.ts', 1700);
  expect(staleness(dist)).toBe(`${join(root, 'lib/src/b.ts')} changed after the bundle was built`);
});

test('a missing required dist, a gone input and no bundle at all each keep the bundle from running', () => {
  let dist = workspace();
  rmSync(join(root, 'lib/dist/index.js'));
  expect(staleness(dist)).toBe(`a built file is missing (${join(root, 'lib/dist/index.js')})`);
  rmSync(root, { recursive: true, force: true });
  dist = workspace();
  rmSync(join(root, 'src/a.ts'));
  expect(staleness(dist)).toBe(`${join(root, 'src/a.ts')} (an input of the bundle) is gone`);
  rmSync(join(root, 'dist/inputs.json'));
  expect(staleness(dist)).toMatch(/^no bundle/);
});

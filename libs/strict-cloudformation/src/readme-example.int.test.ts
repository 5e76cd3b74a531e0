// The README's ```js example is a promise that it runs as is: run it from a plain .mjs in this
// package's folder (the workspace resolves the package to its sources, hence the tsx loader).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const packageDir = fileURLToPath(new URL('../', import.meta.url));

test("the README's example runs from a plain .mjs and prints the rolled-back update", () => {
  const [example] = [...readFileSync(`${packageDir}README.md`, 'utf8').matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
  expect(example).toBeDefined();
  const file = `${packageDir}readme-example.tmp.mjs`;
  writeFileSync(file, example as string);
  try {
    const run = spawnSync(process.execPath, ['--conditions=development', '--import', 'tsx', file], { cwd: packageDir, encoding: 'utf8', timeout: 90_000 });
    expect(run.stderr).not.toMatch(/AssertionError|Error \[/);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('update of images: replacement True, UPDATE_ROLLBACK_COMPLETE; repository my-images');
  } finally {
    rmSync(file, { force: true });
  }
});

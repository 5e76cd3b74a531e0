import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { readmeExamples } from './readme-examples.ts';
import { LIBRARIES, workspaceRoot } from './workspace-packages.ts';

test('only ```js blocks are examples, each whole', () => {
  const md = ['# x', '```ts', 'const a: number = 1;', '```', '```js', "import x from 'y';", 'x();', '```', 'text', '```js', 'two();', '```', ''].join('\n');
  expect(readmeExamples(md)).toEqual(["import x from 'y';\nx();\n", 'two();\n']);
});

test.each(LIBRARIES.map((l) => [l.name, l.dir]))('the README of %s has one runnable example that imports the package', (name, dir) => {
  const examples = readmeExamples(readFileSync(join(workspaceRoot, dir, 'README.md'), 'utf8'));
  expect(examples).toHaveLength(1);
  expect(examples[0]).toContain(`from '${name}'`);
});

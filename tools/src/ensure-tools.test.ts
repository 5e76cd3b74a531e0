import { expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs module of the runner, without type declarations
import { ensureTools } from '../ensure-tools.mjs';
// @ts-expect-error -- as above
import { killProcessTree, processTree } from '../process-tree.mjs';
import { spawn } from 'node:child_process';

test('a tool on PATH needs nothing', () => {
  expect(ensureTools([{ command: 'node', install: 'install Node.js', for: 'everything' }])).toEqual([]);
});

test('a missing tool that Debian does not package is named with what needs it and its install command', () => {
  expect(ensureTools([{ command: 'cagw-no-such-linter', install: 'pip install cagw-no-such-linter==1.0', for: 'cloudformation:lint' }])).toEqual([
    'missing tool: cagw-no-such-linter (needed by cloudformation:lint); install it with: pip install cagw-no-such-linter==1.0',
  ]);
});

test('the process tree holds children and grandchildren, parents first', async () => {
  const parent = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
  try {
    // give the shell a moment to start its two children
    for (let i = 0; i < 100 && processTree(parent.pid).length < 3; i += 1) await new Promise((r) => setTimeout(r, 20));
    const tree: number[] = processTree(parent.pid);
    expect(tree[0]).toBe(parent.pid);
    expect(tree).toHaveLength(3);
  } finally {
    expect(killProcessTree(parent.pid)).toBe(3);
  }
});

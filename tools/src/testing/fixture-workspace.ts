// Throwaway workspaces that the runner's own tests run tools/test-all.mjs on: inside this
// workspace (tmp/ is ignored by git) so that a fixture resolves vitest and fast-check from it.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const runner = join(workspaceRoot, 'tools/test-all.mjs');

/** A new empty folder under the workspace's tmp/. */
export function fixtureFolder(prefix: string): string {
  mkdirSync(join(workspaceRoot, 'tmp'), { recursive: true });
  return mkdtempSync(join(workspaceRoot, 'tmp', prefix));
}

/** A workspace of one project at `dir`; returns the function that writes a file into it. */
export function oneProjectWorkspace(dir: string, project: string): (path: string, text: string) => void {
  const file = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  file('package.json', JSON.stringify({ name: 'fixture', private: true, type: 'module', workspaces: [project] }));
  // Stands in for nx, which the runner asks only for the project list.
  file('node_modules/.bin/nx', `#!/bin/sh\necho '["${project}"]'\n`);
  chmodSync(join(dir, 'node_modules/.bin/nx'), 0o755);
  return file;
}

/** True while a process with this id exists and is not a zombie. */
export function alive(pid: number): boolean {
  try {
    return spawnSync('kill', ['-0', String(pid)]).status === 0 && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

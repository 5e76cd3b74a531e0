// The ids of a process and all its descendants, read from /proc before anything is signalled:
// `buildah run` puts the container's processes in a session of their own, so a group kill misses
// them, and once buildah ends they are re-parented and can no longer be found from it.
import { readdirSync, readFileSync } from 'node:fs';

export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree: number[] = [];
  const walk = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) walk(child);
  };
  walk(root);
  return tree;
}

/** SIGTERM every process of the tree, deepest first, then SIGKILL whatever is left after `graceMs`. */
export async function stopProcessTree(root: number, graceMs: number): Promise<void> {
  const tree = processTree(root);
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // already gone
    }
  };
  for (const pid of [...tree].reverse()) signal(pid, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, graceMs));
  for (const pid of tree) signal(pid, 'SIGKILL');
}

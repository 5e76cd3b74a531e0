// Kills a process and every process below it, found through /proc before any is signalled (once
// a parent dies its children are re-parented and could no longer be found). Used by
// tools/test-all.mjs on a target that passed its deadline: the target's nx, vitest, its workers,
// and whatever servers the tests started (PostgreSQL, the gateway, a registry).
import { readdirSync, readFileSync } from 'node:fs';

/** Ids of `pid` and all its descendants, parents first. */
export function processTree(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // the fields after the command name, which may itself hold spaces and parentheses
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const tree = [];
  const walk = (id) => {
    tree.push(id);
    for (const child of children.get(id) ?? []) walk(child);
  };
  walk(pid);
  return tree;
}

/** SIGKILLs the tree of `pid` and its process group; returns how many processes were signalled. */
export function killProcessTree(pid) {
  const tree = processTree(pid);
  let killed = 0;
  for (const id of tree) {
    try {
      process.kill(id, 'SIGKILL');
      killed += 1;
    } catch {
      // already gone
    }
  }
  try {
    process.kill(-pid, 'SIGKILL'); // anything of the group that the walk missed
  } catch {
    // no such group left
  }
  return killed;
}

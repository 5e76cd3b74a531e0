// In a whole `npm test` run, TypeScript is checked once for the workspace instead of once per
// project. Each project's `tsc` re-reads every library it imports and each eslint process loads
// typescript-eslint afresh: measured on this 2-core machine, fourteen typecheck targets took 94 s
// of CPU where one program over the same files takes 24 s, and fourteen eslint runs 35 s where
// one takes 13 s. Per-project targets stay what `nx affected` and `npm test -- --affected` run.
//
// The root package.json names its stand-ins:
//   "cagwTest": { "workspaceTargets": { "typecheck": "typecheck", "lint": "lint-typescript" } }
// meaning: the root script `typecheck` stands for every project's `typecheck`, and the root
// script `lint-typescript` for the eslint part of every project's `lint`. A project target is
// replaced only when its script is exactly what the stand-in covers, so nothing is dropped:
//   typecheck: `tsc -p tsconfig.json` (same options: every tsconfig extends tsconfig.base.json;
//              tools/src/workspace-checks.int.test.ts proves the root program holds its files)
//   lint:      `eslint <paths>` optionally followed by `&& npm run lint-<what>`, whose scripts
//              then run as targets of their own (cfn-lint, shellcheck, ...).
// Any other script runs as it is.

const projectTypecheck = 'tsc -p tsconfig.json';
const eslintPart = /^eslint(\s+[^&|;<>$`]+)?$/;
const otherLintPart = /^npm run (lint-[\w-]+)$/;

/**
 * The lint-* scripts a project's `lint` runs after its eslint part, or undefined when the script
 * is not `eslint …` followed only by `npm run lint-…` parts (then it is not replaced).
 */
export function otherLintScripts(script, scripts) {
  const [first, ...rest] = script.split('&&').map((part) => part.trim());
  if (!first || !eslintPart.test(first)) return undefined;
  const names = rest.map((part) => otherLintPart.exec(part)?.[1]);
  return names.every((name) => name !== undefined && scripts[name] !== undefined) ? names : undefined;
}

/**
 * Rewrites the per-project target list of a whole run: projects' replaceable `typecheck` and
 * `lint` go, the root stand-ins and each project's other lint scripts come in.
 * `projects`: [{ name, dir, scripts }]; returns { workspace: [{ script, kind }], perProject:
 * Map(name -> { drop: Set<target>, add: [script] }) }, each script run as a target of its own
 * whose deadline and expected length are those of `kind`.
 */
export function workspaceTargets(rootPackage, projects) {
  const standIns = rootPackage.cagwTest?.workspaceTargets ?? {};
  const rootScripts = rootPackage.scripts ?? {};
  const workspace = [];
  const perProject = new Map(projects.map((p) => [p.name, { drop: new Set(), add: [] }]));
  const typecheck = standIns.typecheck;
  if (typecheck && rootScripts[typecheck]) {
    const covered = projects.filter((p) => p.scripts.typecheck === projectTypecheck);
    if (covered.length > 0) workspace.push({ script: typecheck, kind: 'typecheck' });
    for (const p of covered) perProject.get(p.name).drop.add('typecheck');
  }
  const lint = standIns.lint;
  if (lint && rootScripts[lint]) {
    const covered = projects.map((p) => ({ p, others: p.scripts.lint === undefined ? undefined : otherLintScripts(p.scripts.lint, p.scripts) })).filter(({ others }) => others !== undefined);
    if (covered.length > 0) workspace.push({ script: lint, kind: 'lint' });
    for (const { p, others } of covered) {
      perProject.get(p.name).drop.add('lint');
      perProject.get(p.name).add.push(...others);
    }
  }
  return { workspace, perProject };
}

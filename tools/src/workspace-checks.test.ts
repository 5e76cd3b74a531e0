import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { expect, test } from 'vitest';
// @ts-expect-error -- a plain .mjs module of the runner, without type declarations
import { otherLintScripts, workspaceTargets } from '../workspace-checks.mjs';
import { workspaceRoot } from './testing/fixture-workspace.ts';

interface Project {
  name: string;
  dir: string;
  scripts: Record<string, string>;
}

/** The workspace's projects as the runner lists them: every package.json its workspaces name. */
function workspaceProjects(): Project[] {
  const rootPackage = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8')) as { workspaces: string[] };
  return rootPackage.workspaces.flatMap((pattern) => {
    const dirs = pattern.endsWith('/*') ? readdirSync(join(workspaceRoot, pattern.slice(0, -2))).map((d) => join(pattern.slice(0, -2), d)) : [pattern];
    return dirs
      .filter((dir) => existsSync(join(workspaceRoot, dir, 'package.json')))
      .map((dir) => {
        const pkg = JSON.parse(readFileSync(join(workspaceRoot, dir, 'package.json'), 'utf8')) as { name: string; nx?: { name?: string }; scripts?: Record<string, string> };
        return { name: pkg.nx?.name ?? pkg.name, dir: join(workspaceRoot, dir), scripts: pkg.scripts ?? {} };
      });
  });
}

/** A tsconfig.json as tsc reads it: options after `extends`, and the files its include matches. */
function parsedConfig(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(file, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
  if (!parsed) throw new Error(`tsc could not read ${file}`);
  return parsed;
}

const withoutConfigPath = (options: ts.CompilerOptions) => Object.fromEntries(Object.entries(options).filter(([key]) => key !== 'configFilePath' && key !== 'pathsBasePath'));

test('the root program holds every file of each project whose typecheck it replaces, under the same options', () => {
  const rootPackage = JSON.parse(readFileSync(join(workspaceRoot, 'package.json'), 'utf8'));
  const { perProject } = workspaceTargets(rootPackage, workspaceProjects());
  const replaced = workspaceProjects().filter((p) => perProject.get(p.name).drop.has('typecheck'));
  // the workspace's projects that have TypeScript of their own: if none were replaced, the
  // stand-in would be doing nothing, and this test would prove nothing
  expect(replaced.map((p) => p.name)).toEqual(expect.arrayContaining(['deployer', 'profile', 'strict-cloudformation', 'tools']));
  const root = parsedConfig(join(workspaceRoot, 'tsconfig.json'));
  const rootFiles = new Set(root.fileNames);
  for (const project of replaced) {
    const own = parsedConfig(join(project.dir, 'tsconfig.json'));
    expect(own.fileNames.length, project.name).toBeGreaterThan(0);
    expect(own.fileNames.filter((file) => !rootFiles.has(file)), `${project.name}: files the root tsconfig.json misses`).toEqual([]);
    expect(withoutConfigPath(own.options), `${project.name}: options differ from the root program's`).toEqual(withoutConfigPath(root.options));
  }
  // and nothing of the root program's lies outside some project (a stray folder it would check)
  const projectDirs = workspaceProjects().map((p) => `${p.dir}/`);
  expect(root.fileNames.filter((file) => dirname(file) !== workspaceRoot.replace(/\/$/, '') && !projectDirs.some((dir) => file.startsWith(dir)))).toEqual([]);
});

test('a lint script is replaced only when it is eslint followed by npm run lint-… scripts that exist', () => {
  expect(otherLintScripts('eslint src', {})).toEqual([]);
  expect(otherLintScripts('eslint src bin build.mjs', {})).toEqual([]);
  expect(otherLintScripts('eslint src && npm run lint-templates', { 'lint-templates': 'cfn-lint' })).toEqual(['lint-templates']);
  // a check the stand-in would not run: kept as the project's own lint
  expect(otherLintScripts('eslint src && npm run lint-templates', {})).toBeUndefined();
  expect(otherLintScripts('shellcheck *.sh && eslint src', {})).toBeUndefined();
  expect(otherLintScripts('eslint src && cfn-lint templates/*.yaml', {})).toBeUndefined();
  expect(otherLintScripts('eslint src; rm -rf x', {})).toBeUndefined();
  expect(otherLintScripts('eslint $(ls)', {})).toBeUndefined();
});

test('a whole run replaces only what the root names and the projects match, and keeps their other checks', () => {
  const projects: Project[] = [
    { name: 'a', dir: '/w/a', scripts: { typecheck: 'tsc -p tsconfig.json', lint: 'eslint src && npm run lint-templates', 'lint-templates': 'cfn-lint' } },
    { name: 'b', dir: '/w/b', scripts: { typecheck: 'tsc -p tsconfig.build.json', lint: 'biome check' } },
  ];
  const named = { scripts: { typecheck: 'tsc -p tsconfig.json', 'lint-typescript': 'eslint .' }, cagwTest: { workspaceTargets: { typecheck: 'typecheck', lint: 'lint-typescript' } } };
  const { workspace, perProject } = workspaceTargets(named, projects);
  expect(workspace).toEqual([{ script: 'typecheck', kind: 'typecheck' }, { script: 'lint-typescript', kind: 'lint' }]);
  expect([...perProject.get('a').drop]).toEqual(['typecheck', 'lint']);
  expect(perProject.get('a').add).toEqual(['lint-templates']);
  expect([...perProject.get('b').drop]).toEqual([]);
  // a root that names no stand-in (or names a script it lacks) changes nothing
  expect(workspaceTargets({ scripts: named.scripts }, projects).workspace).toEqual([]);
  expect(workspaceTargets({ cagwTest: named.cagwTest, scripts: {} }, projects).workspace).toEqual([]);
});

// Every CagwError code the sources can throw, collected from the code itself so the catalog
// cannot silently miss one: a quoted PascalCase first argument of `new CagwError(` (also both
// sides of a `cond ? … : …`), and calls of local helpers that pass their first parameter on as
// the code (image-inputs.ts's userError).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface CodeSite {
  code: string;
  /** file:line of the first place that throws it */
  where: string;
}

const PASCAL = /'([A-Z][A-Za-z0-9]+)'/g;

export function collectErrorCodes(workspaceRoot: string, folders = ['apps', 'libs']): CodeSite[] {
  const sites = new Map<string, string>();
  for (const file of folders.flatMap((folder) => sourceFiles(join(workspaceRoot, folder)))) {
    const text = readFileSync(file, 'utf8');
    const at = (index: number) => `${relative(workspaceRoot, file)}:${text.slice(0, index).split('\n').length}`;
    for (const match of text.matchAll(/new CagwError\(\s*([^,]*)/g)) {
      for (const code of match[1]!.matchAll(PASCAL)) if (!sites.has(code[1]!)) sites.set(code[1]!, at(match.index));
    }
    const helpers = [...text.matchAll(/function (\w+)\((\w+)[^)]*\)[^{]*\{[^}]*?new CagwError\(\2[,\s]/g)].map((m) => m[1]!);
    for (const helper of helpers) {
      for (const match of text.matchAll(new RegExp(`\\b${helper}\\(\\s*'([A-Z][A-Za-z0-9]+)'`, 'g'))) if (!sites.has(match[1]!)) sites.set(match[1]!, at(match.index));
    }
  }
  return [...sites].map(([code, where]) => ({ code, where })).sort((a, b) => a.code.localeCompare(b.code));
}

function sourceFiles(dir: string): string[] {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'testing' || entry.name === 'test-support' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.bench.ts') ? [path] : [];
  });
}

// Checks a set of templates named by stack or by path (default: every cagw stack), and
// returns every finding of every file at once.
import { checkTemplateFile } from './check-template.ts';
import type { Finding } from './finding.ts';
import { STACK_NAMES, isStackName, templatePath } from './stacks.ts';

export interface LintedTemplate {
  /** the path as given (or the shipped template's path for a stack name) */
  path: string;
  findings: Finding[];
}

/**
 * `targets` are stack names (`gateway`) or template paths; empty means every stack.
 * `displayPath` turns a path into what a finding shows (e.g. relative to the working folder).
 */
export async function lintTemplates(targets: string[], displayPath: (path: string) => string = (p) => p): Promise<LintedTemplate[]> {
  const paths = (targets.length > 0 ? targets : [...STACK_NAMES]).map((t) => (isStackName(t) ? templatePath(t) : t));
  const results: LintedTemplate[] = [];
  for (const path of paths) results.push({ path, findings: await checkTemplateFile(path, displayPath(path)) });
  return results;
}

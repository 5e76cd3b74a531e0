// The cagw stacks and where their templates live, so the deployer and the checker find a
// template by stack name instead of by path.
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CagwError } from '@cagw/errors';

export const STACK_NAMES = [
  'network', 'database', 'idp-cognito-new', 'idp-cognito-existing', 'collector', 'gateway', 'client-vpn',
] as const;
export type StackName = (typeof STACK_NAMES)[number];

export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

export const isStackName = (name: string): name is StackName => (STACK_NAMES as readonly string[]).includes(name);

export function templatePath(stack: StackName): string {
  return `${TEMPLATES_DIR}${stack}.yaml`;
}

export interface TemplateFile {
  stack: StackName;
  path: string;
  /** the template text, exactly what CloudFormation receives as TemplateBody */
  body: string;
}

export async function loadTemplate(stack: string): Promise<TemplateFile> {
  if (!isStackName(stack)) {
    throw new CagwError('UnknownStack', `there is no cagw stack named "${stack}"`, {
      source: 'internal', where: 'loadTemplate', fix: `use one of: ${STACK_NAMES.join(', ')}`,
    });
  }
  const path = templatePath(stack);
  return { stack, path, body: await readFile(path, 'utf8') };
}

/** Every *.yaml file in the templates folder (so a template without a stack name is still checked). */
export async function listTemplateFiles(): Promise<string[]> {
  const names = await readdir(TEMPLATES_DIR);
  return names.filter((n) => n.endsWith('.yaml')).sort().map((n) => `${TEMPLATES_DIR}${n}`);
}

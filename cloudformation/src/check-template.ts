// The template checker: YAML syntax, the CloudFormation resource specification, the template's
// own references, parameter declarations, the documented anatomy, then the security baseline.
// All findings at once.
import { readFile } from 'node:fs/promises';
import { CagwError } from '@cagw/errors';
import { checkAnatomy } from './check-anatomy.ts';
import { checkBaseline } from './check-baseline.ts';
import { checkConditionalReferences } from './check-conditional-refs.ts';
import { checkIntrinsicArguments } from './check-intrinsic-arguments.ts';
import { checkParameters } from './check-parameters.ts';
import { checkReferences } from './check-references.ts';
import { checkAgainstSpec } from './check-spec.ts';
import type { Finding } from './finding.ts';
import { parseTemplate, type ParsedTemplate } from './parse-template.ts';
import { loadResourceSpecs } from './spec-database.ts';

export async function checkParsedTemplate(template: ParsedTemplate): Promise<Finding[]> {
  if (template.syntaxErrors.length > 0) return template.syntaxErrors;
  const specs = await loadResourceSpecs();
  const findings = [
    ...checkAgainstSpec(template, specs),
    ...checkIntrinsicArguments(template),
    ...checkReferences(template),
    ...checkConditionalReferences(template),
    ...checkParameters(template),
    ...checkAnatomy(template),
    ...checkBaseline(template),
  ];
  return findings.sort((a, b) => a.line - b.line || a.rule.localeCompare(b.rule));
}

export async function checkTemplateText(text: string, file: string): Promise<Finding[]> {
  return checkParsedTemplate(parseTemplate(text, file));
}

export async function checkTemplateFile(path: string, displayName = path): Promise<Finding[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new CagwError('TemplateUnreadable', `cannot read template ${path}: ${(e as Error).message}`, {
      source: 'user', where: path, fix: 'pass the path of a CloudFormation YAML template', cause: e,
    });
  }
  return checkTemplateText(text, displayName);
}

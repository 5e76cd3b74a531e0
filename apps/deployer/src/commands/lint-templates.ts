// cagw lint-templates: the CloudFormation templates checked against the AWS resource
// specification and the cagw security baseline. No AWS call.
import { isAbsolute, relative } from 'node:path';
import { formatFinding, lintTemplates, STACK_NAMES } from '@cagw/cloudformation';
import { defineCommand } from '../cli/command-spec.ts';

/** Paths under the working folder print relative to it, others as given. */
function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export const lintTemplatesCommand = defineCommand({
  name: 'lint-templates',
  summary: 'Check the CloudFormation templates against the AWS resource specification and the security baseline (no AWS call)',
  details: [
    'Without an argument every cagw stack template is checked; TEMPLATE is a stack name',
    `(${STACK_NAMES.join(', ')}) or the path of a template file.`,
    'Each finding is printed as file:line RULE message, then the fix. Exit 1 on any finding.',
    'A resource may opt out of one baseline rule with Metadata.cagw.Suppress: [{Rule, Reason}].',
  ].join('\n'),
  flags: {
    json: { type: 'boolean', desc: 'print { ok, templates: [{ path, findings }] } as one JSON document' },
  },
  positionals: [{ name: 'TEMPLATE', desc: 'stack names or template files (default: every stack)', variadic: true }],
  async run(flags, positionals, io) {
    const linted = await lintTemplates(positionals, shortPath);
    const findings = linted.flatMap((t) => t.findings);
    if (flags.json) {
      io.result({ ok: findings.length === 0, templates: linted.map((t) => ({ path: t.path, findings: t.findings })) });
    } else if (findings.length === 0) {
      io.result(`${linted.length} template(s) checked: no findings`);
    } else {
      io.result(findings.map(formatFinding).join('\n'));
      io.error(`${findings.length} finding(s) in ${linted.filter((t) => t.findings.length > 0).length} of ${linted.length} template(s)`);
    }
    return findings.length === 0 ? 0 : 1;
  },
});

// Reads POLICIES_FILE: any number of group policies in YAML, checked with zod, each problem
// reported at its file:line.
import { z } from 'zod';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { GroupPolicy } from './group-policy.ts';
import type { ProfileProblem } from './profile-problem.ts';

const name = z.string().min(1).max(64).regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'use letters, digits, space, . _ -');
const nonEmpty = z.string().min(1).refine((s) => s.trim() === s, 'has spaces at its ends');

const policySchema = z.strictObject({
  name,
  groups: z.array(nonEmpty).optional(),
  models: z.array(nonEmpty.regex(/^[A-Za-z0-9._:/-]+$/, 'is not a model id or alias')).min(1).optional(),
  deny_tools: z.array(nonEmpty.regex(/^[A-Za-z0-9_:.*()-]+$/, 'is not a tool name')).min(1).optional(),
  env: z.record(z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'is not an environment variable name'), z.string()).optional(),
});
const fileSchema = z.strictObject({ policies: z.array(policySchema).min(1) });

export function readPoliciesFile(path: string, text: string): { policies: GroupPolicy[]; problems: ProfileProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problem = (message: string, fix: string, offset?: number): ProfileProblem => ({
    variable: 'POLICIES_FILE', message, fix, where: offset === undefined ? path : `${path}:${lineCounter.linePos(offset).line}`,
  });
  if (doc.errors.length > 0) {
    return { policies: [], problems: doc.errors.map((e) => problem(`is not valid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax', e.pos[0])) };
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      policies: [],
      problems: parsed.error.issues.map((issue) =>
        problem(`${issue.path.join('.') || 'the file'} ${issue.message}`, 'see profiles/policies.example.yaml for the format', offsetOf(doc, issue.path)),
      ),
    };
  }
  const policies = parsed.data.policies.map((p): GroupPolicy => ({
    name: p.name,
    groups: p.groups ?? [],
    ...(p.models ? { models: p.models } : {}),
    ...(p.deny_tools ? { denyTools: p.deny_tools } : {}),
    ...(p.env ? { env: p.env } : {}),
  }));
  return { policies, problems: orderProblems(policies, (message, fix, i) => problem(message, fix, offsetOf(doc, ['policies', i]))) };
}

/** First-match order only works with unique names and a single catch-all, placed last. */
function orderProblems(policies: GroupPolicy[], problem: (m: string, f: string, i: number) => ProfileProblem): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const seen = new Set<string>();
  policies.forEach((p, i) => {
    if (seen.has(p.name)) problems.push(problem(`policy name "${p.name}" is used twice`, 'give every policy its own name', i));
    seen.add(p.name);
    if (p.groups.length === 0 && i !== policies.length - 1) {
      problems.push(problem(`policy "${p.name}" has no groups (a catch-all) but is not last, so the policies after it never match`, 'move it to the end, or give it groups', i));
    }
  });
  return problems;
}

function offsetOf(doc: Document, path: PropertyKey[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth).map((k) => (typeof k === 'symbol' ? String(k) : k)), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

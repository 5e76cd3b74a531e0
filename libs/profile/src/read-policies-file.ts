// Reads POLICIES_FILE: any number of group policies in YAML, checked with zod, every problem
// reported at its file:line with its fix (one policy's problem never hides another's). Model
// names are checked when the caller passes the gateway's list (@cagw/config-render has it); tool
// names always, by the gateway's own rule.
import { z } from 'zod';
import { closest, distance } from 'fastest-levenshtein';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { GroupPolicy } from './group-policy.ts';
import { checkModelName, checkToolRule, type PolicyNames } from './policy-names.ts';
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
const POLICY_KEYS = Object.keys(policySchema.shape);
// each policy is checked on its own, so that one policy's problems never hide another's
const fileSchema = z.strictObject({ policies: z.array(z.unknown()).min(1) });
const FORMAT = 'see profiles/policies.example.yaml for the format';

export function readPoliciesFile(path: string, text: string, names?: PolicyNames): { policies: GroupPolicy[]; problems: ProfileProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const problem = (message: string, fix: string, offset?: number): ProfileProblem => ({
    variable: 'POLICIES_FILE', message, fix, where: offset === undefined ? path : `${path}:${lineCounter.linePos(offset).line}`,
  });
  if (doc.errors.length > 0) {
    return { policies: [], problems: doc.errors.map((e) => problem(`is not valid YAML: ${e.message.split('\n')[0]}`, 'fix the YAML syntax', e.pos[0])) };
  }
  const file = fileSchema.safeParse(doc.toJS());
  if (!file.success) {
    return { policies: [], problems: file.error.issues.flatMap((issue) => issueProblems(issue, [], ['policies'], doc, problem, { label: 'the file', keysOf: 'the file' })) };
  }
  const problems: ProfileProblem[] = [];
  const policies: { policy: GroupPolicy; index: number }[] = [];
  file.data.policies.forEach((raw, index) => {
    const at = ['policies', index];
    const parsed = policySchema.safeParse(raw);
    const label = `policies.${index}${hasName(raw) ? ` (policy "${raw.name}")` : ''}`;
    if (!parsed.success) problems.push(...parsed.error.issues.flatMap((issue) => issueProblems(issue, at, POLICY_KEYS, doc, problem, { label, keysOf: 'a policy' })));
    problems.push(...nameProblems(raw, at, label, names, doc, problem));
    if (parsed.success) {
      const p = parsed.data;
      policies.push({
        index,
        policy: {
          name: p.name,
          groups: p.groups ?? [],
          ...(p.models ? { models: p.models } : {}),
          ...(p.deny_tools ? { denyTools: p.deny_tools } : {}),
          ...(p.env ? { env: p.env } : {}),
        },
      });
    }
  });
  problems.push(...orderProblems(policies, file.data.policies.length, (message, fix, i) => problem(message, fix, offsetOf(doc, ['policies', i]))));
  return { policies: policies.map((p) => p.policy), problems };
}

type Problem = (message: string, fix: string, offset?: number) => ProfileProblem;
type Issue = z.core.$ZodIssue;

const hasName = (raw: unknown): raw is { name: string } => typeof raw === 'object' && raw !== null && typeof (raw as { name?: unknown }).name === 'string';

/** One problem per zod issue; an unknown key is named at its own line, with the key it is probably a slip of. */
function issueProblems(issue: Issue, at: (string | number)[], keys: readonly string[], doc: Document, problem: Problem, names: { label: string; keysOf: string }): ProfileProblem[] {
  const path = [...at, ...issue.path.map((k) => (typeof k === 'symbol' ? String(k) : k))];
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const meant = closest(key, keys as string[]);
      // a slip of a letter or two; where there is one key, it is the one meant
      const near = keys.length === 1 || distance(key, meant) <= Math.max(2, Math.floor(key.length / 4));
      return problem(`${names.label} has the key "${key}", which is not a key of ${names.keysOf}`, `${near ? `did you mean "${meant}"? ` : ''}the keys are ${keys.join(', ')}`, keyOffset(doc, path, key));
    });
  }
  const field = issue.path.length > 0 ? `${names.label} ${issue.path.join('.')}` : names.label;
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) {
    return [problem(`${names.label} has no ${issue.path.join('.')}`, FORMAT, offsetOf(doc, path))];
  }
  const list = issue.code === 'invalid_type' && issue.expected === 'array' && typeof issue.path.at(-1) === 'string';
  return [problem(`${field}: ${issue.message}`, list ? `write a list: ${String(issue.path.at(-1))}: [${String(issue.path.at(-1)) === 'models' ? 'sonnet, haiku' : '...'}]` : FORMAT, offsetOf(doc, path))];
}

/** models and deny_tools entries checked against what the gateway accepts, even in a policy with other problems */
function nameProblems(raw: unknown, at: (string | number)[], label: string, names: PolicyNames | undefined, doc: Document, problem: Problem): ProfileProblem[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const { models, deny_tools: denyTools } = raw as { models?: unknown; deny_tools?: unknown };
  const found: ProfileProblem[] = [];
  const each = (list: unknown, key: string, check: (value: string) => { message: string; fix: string } | undefined) => {
    if (!Array.isArray(list)) return;
    list.forEach((value, j) => {
      // what is not a clean name at all is the schema's problem (reported above)
      if (typeof value !== 'string' || value.trim() !== value || value === '') return;
      const wrong = check(value);
      if (wrong) found.push(problem(`${label} ${wrong.message}`, wrong.fix, offsetOf(doc, [...at, key, j])));
    });
  };
  if (names) each(models, 'models', (m) => checkModelName(m, names));
  each(denyTools, 'deny_tools', checkToolRule);
  return found;
}

/** First-match order only works with unique names and a single catch-all, placed last. */
function orderProblems(policies: { policy: GroupPolicy; index: number }[], count: number, problem: (m: string, f: string, i: number) => ProfileProblem): ProfileProblem[] {
  const problems: ProfileProblem[] = [];
  const seen = new Set<string>();
  for (const { policy: p, index } of policies) {
    if (seen.has(p.name)) problems.push(problem(`policy name "${p.name}" is used twice`, 'give every policy its own name', index));
    seen.add(p.name);
    if (p.groups.length === 0 && index !== count - 1) {
      problems.push(problem(`policy "${p.name}" has no groups (a catch-all) but is not last, so the policies after it never match`, 'move it to the end, or give it groups', index));
    }
  }
  return problems;
}

function keyOffset(doc: Document, path: (string | number)[], key: string): number | undefined {
  const map = doc.getIn(path, true);
  if (isMap(map)) {
    const pair = map.items.find((item) => isScalar(item.key) && item.key.value === key);
    if (pair && isNode(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return offsetOf(doc, path);
}

function offsetOf(doc: Document, path: (string | number)[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return node.range[0];
  }
  return undefined;
}

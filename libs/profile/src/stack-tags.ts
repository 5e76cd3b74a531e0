// TAGS=key=value,…: the organisation's tags on every cagw stack (CloudFormation passes stack tags
// on to every resource that takes tags). Checked here against AWS's rules, so a deploy is never
// refused half-way for a tag:
// - AWS Tagging (Tagging AWS resources, "Tag naming limits and requirements",
//   https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html): keys of 1-128 and values
//   of up to 256 Unicode characters from letters, numbers, spaces and _ . : / = + - @; keys are
//   case-sensitive; the aws: prefix (in any case) is AWS's own; at most 50 tags per resource.
// - CloudFormation's Tag type (API reference, Tag; AWS::CloudFormation::Stack Tag): Key 1-128, Value
//   1-256 characters, "Tags owned by AWS have the reserved prefix: aws:"; CreateChangeSet/CreateStack
//   take at most 50 Tags. So a stack tag's value cannot be empty, which the general rule allows.
import type { ParseResult, ValueType } from './value-types.ts';

/** The tags cagw puts on every stack itself (plan-deployment.ts): TAGS cannot set them, and they count towards the 50. */
export const CAGW_STACK_TAG_KEYS = ['cagw:prefix', 'cagw:part', 'project'] as const;

/** Tags on one stack (CreateChangeSet, Tags: "Maximum number of 50 items"). */
export const MAX_STACK_TAGS = 50;
export const MAX_TAG_KEY_CHARACTERS = 128;
export const MAX_TAG_VALUE_CHARACTERS = 256;
/** letters, spaces and separators, numbers, and _ . : / = + - @ (AWS Tagging, "Tag naming limits and requirements") */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const EXAMPLE = 'TAGS=team=platform,cost-center=1234';

/** Length in Unicode characters (code points), as AWS counts them, not UTF-16 units. */
const characters = (s: string): number => [...s].length;

/** Why one key=value pair breaks AWS's rules, with its fix; undefined when it keeps them. */
function pairProblem(key: string, value: string, seen: ReadonlySet<string>): string | undefined {
  if (key === '') return 'has no key before "=" (a tag key is 1-128 characters); write key=value';
  if (characters(key) > MAX_TAG_KEY_CHARACTERS) return `has a key of ${characters(key)} characters, over AWS's ${MAX_TAG_KEY_CHARACTERS}; shorten the key`;
  if (/^aws:/i.test(key)) return 'has a key starting with aws:, which AWS reserves for its own tags (in any case); use a key without that prefix';
  if (!TAG_CHARACTERS.test(key)) return `has a key with ${badCharacters(key)}, outside what AWS allows in tags (letters, numbers, spaces and _ . : / = + - @); remove or replace them`;
  if ((CAGW_STACK_TAG_KEYS as readonly string[]).includes(key)) return `sets ${key}, a tag cagw puts on every stack itself; use another key`;
  if (seen.has(key)) return `repeats the key ${key} (a resource holds each key once; keys are case-sensitive); keep one pair for it`;
  if (value === '') return 'has an empty value, which CloudFormation refuses on a stack tag (its Tag type takes 1-256 characters); give a value or remove the pair';
  if (characters(value) > MAX_TAG_VALUE_CHARACTERS) return `has a value of ${characters(value)} characters, over AWS's ${MAX_TAG_VALUE_CHARACTERS}; shorten the value`;
  if (!TAG_CHARACTERS.test(value)) return `has a value with ${badCharacters(value)}, outside what AWS allows in tags (letters, numbers, spaces and _ . : / = + - @); remove or replace them`;
  return undefined;
}

function badCharacters(s: string): string {
  const bad = [...new Set([...s].filter((c) => !TAG_CHARACTERS.test(c)))];
  return bad.map((c) => JSON.stringify(c)).join(' ');
}

/**
 * key=value pairs, comma separated (a comma is not a tag character, so it never splits a tag);
 * the first "=" ends the key. Spaces around pairs, keys and values are dropped. Every broken
 * pair is named at once, each with the rule it breaks and its fix.
 */
export const stackTags: ValueType<Record<string, string>> = {
  label: 'comma list of key=value tags',
  parse(raw): ParseResult<Record<string, string>> {
    if (raw.trim() === '') return { ok: true, value: {} };
    const tags: Record<string, string> = {};
    const problems: string[] = [];
    const items = raw.split(',').map((s) => s.trim());
    for (const item of items) {
      if (item === '') {
        problems.push('has an empty pair (two commas, or one at an end); remove the extra comma');
        continue;
      }
      const at = item.indexOf('=');
      if (at < 0) {
        problems.push(`pair "${item}" has no "="; write it as key=value`);
        continue;
      }
      const key = item.slice(0, at).trim();
      const value = item.slice(at + 1).trim();
      const problem = pairProblem(key, value, new Set(Object.keys(tags)));
      if (problem) problems.push(`pair "${item}" ${problem}`);
      else tags[key] = value;
    }
    const allowed = MAX_STACK_TAGS - CAGW_STACK_TAG_KEYS.length;
    const count = items.filter((item) => item !== '').length;
    if (count > allowed) {
      problems.push(`has ${count} pairs, over the ${allowed} a stack can take besides cagw's own ${CAGW_STACK_TAG_KEYS.length} (${CAGW_STACK_TAG_KEYS.join(', ')}; AWS allows ${MAX_STACK_TAGS} tags per resource); keep at most ${allowed}`);
    }
    if (problems.length > 0) return { ok: false, message: problems.join('; '), fix: `correct the pairs named, e.g. ${EXAMPLE}` };
    return { ok: true, value: tags };
  },
};

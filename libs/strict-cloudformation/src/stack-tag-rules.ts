// Stack tags as CloudFormation takes them on CreateChangeSet (and CreateStack/UpdateStack):
// - CreateChangeSet API reference, Tags: "Array Members: Maximum number of 50 items";
// - Tag (API reference): Key "Minimum length of 1. Maximum length of 128", Value "Minimum length
//   of 1. Maximum length of 256", "Tags owned by AWS have the reserved prefix: aws:"; AWS Tagging
//   ("Tag naming limits and requirements") reserves that prefix in any case.
// Lengths break the request's own constraints, answered in AWS's request-validation wording;
// the aws: answer is the one CloudFormation gives ("aws: prefixed tag key names are not allowed
// for external use.", ValidationError, as quoted from CreateStack in aws-quickstart issue 42).
import type { Tag } from '@aws-sdk/client-cloudformation';

export const MAX_STACK_TAGS = 50;
const KEY = { min: 1, max: 128 };
const VALUE = { min: 1, max: 256 };

/** Lengths in Unicode characters, as the API's length constraints count them. */
const characters = (s: string): number => [...s].length;

function lengthProblem(value: string, at: string, limits: { min: number; max: number }): string | undefined {
  const n = characters(value);
  if (n < limits.min) return `Value '${value}' at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${limits.min}`;
  if (n > limits.max) return `Value '${value}' at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${limits.max}`;
  return undefined;
}

/** Why CloudFormation refuses these stack tags (the ValidationError's message), or undefined. */
export function stackTagsRefusal(tags: readonly Tag[]): string | undefined {
  const problems: string[] = [];
  if (tags.length > MAX_STACK_TAGS) problems.push(`Value '[${tags.map((t) => `${t.Key}=${t.Value}`).join(', ')}]' at 'tags' failed to satisfy constraint: Member must have length less than or equal to ${MAX_STACK_TAGS}`);
  for (const [i, t] of tags.entries()) {
    const key = lengthProblem(t.Key ?? '', `tags.${i + 1}.member.key`, KEY);
    const value = lengthProblem(t.Value ?? '', `tags.${i + 1}.member.value`, VALUE);
    if (key) problems.push(key);
    if (value) problems.push(value);
  }
  if (problems.length > 0) return `${problems.length} validation error${problems.length > 1 ? 's' : ''} detected: ${problems.join('; ')}`;
  if (tags.some((t) => /^aws:/i.test(t.Key ?? ''))) return 'aws: prefixed tag key names are not allowed for external use.';
  return undefined;
}

// A generated text longer than one CloudFormation parameter value may be (4,096 bytes, the
// quotas page) reaches its template as consecutive parts: `<Name>`, then `<Name>Part2`,
// `<Name>Part3`, ... as many as the template declares, which it joins back with
// !Join ['', [...]]. The text stays in the template's hands (a change still shows in the change
// set and rolls the tasks), and no part is over the limit. Parts are cut between characters,
// each at most the limit in UTF-8 bytes; the parts a short text does not need are empty. A text
// longer than every declared part together keeps its excess in the last part, which the plan's
// size check (parameter-size.ts) then refuses, naming the variables behind it.
import { createHash } from 'node:crypto';
import { PARAMETER_LIMIT_BYTES } from '@cagw/config-render';
import { value, type ParameterSource } from './stack-plan.ts';

/** `<Name>` and the `<Name>PartN` parameters the template declares, in order. */
export function declaredParts(name: string, templateBody: string): string[] {
  const parts = [name];
  for (let n = 2; new RegExp(`^  ${name}Part${n}:`, 'm').test(templateBody); n += 1) parts.push(`${name}Part${n}`);
  return parts;
}

/** Cuts text into at most `count` pieces of at most `limit` UTF-8 bytes each, between characters; the last takes any excess. */
export function cutIntoParts(text: string, count: number, limit = PARAMETER_LIMIT_BYTES): string[] {
  const pieces: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > limit && pieces.length < count - 1) {
      pieces.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  pieces.push(current);
  while (pieces.length < count) pieces.push('');
  return pieces;
}

/** The parameters that carry `text` to a template declaring `<name>` (and its parts), each shown by size and hash. */
export function parameterParts(name: string, text: string, templateBody: string): Record<string, ParameterSource> {
  const names = declaredParts(name, templateBody);
  const pieces = cutIntoParts(text, names.length);
  const whole = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return Object.fromEntries(names.map((part, i) => {
    const piece = pieces[i] ?? '';
    const shown = `<${Buffer.byteLength(piece, 'utf8')} bytes, part ${i + 1} of ${names.length} of ${Buffer.byteLength(text, 'utf8')} bytes, sha256 ${whole}>`;
    return [part, value(piece, names.length === 1 ? `<${Buffer.byteLength(text, 'utf8')} bytes, sha256 ${whole}>` : shown)];
  }));
}

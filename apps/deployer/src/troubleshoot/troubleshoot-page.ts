// docs/troubleshoot.md, generated from the error catalog so the page and the codes cannot drift:
// write-troubleshoot.ts writes it, error-catalog.test.ts fails when the file differs.
import { readFileSync } from 'node:fs';
import { errorCatalog, type Area } from './error-catalog.ts';

// the hand-written part: symptoms a person sees before any cagw error
const SYMPTOMS = readFileSync(new URL('./symptoms.md', import.meta.url), 'utf8').trimEnd();

const AREAS: Area[] = ['profile', 'render and validate', 'cagw local', 'image', 'deploy and destroy', 'upgrade and rollback', 'spend caps', 'verify', 'client VPN', 'command line'];

export function troubleshootPage(catalog = errorCatalog): string {
  const lines = [
    '# Troubleshooting',
    '',
    '<!-- Generated from apps/deployer/src/troubleshoot/symptoms.md and error-catalog.ts by',
    '     `npx tsx apps/deployer/src/troubleshoot/write-troubleshoot.ts`; do not edit by hand. -->',
    '',
    '## Symptoms',
    '',
    SYMPTOMS,
    '',
    '## Error codes',
    '',
    'Every cagw error says what is wrong, where (a variable, a file:line, a stack and resource) and the',
    'fix for that case; add `--debug` for a stack trace. With `--json` a failure is one JSON document',
    'whose `code` is one of the codes below. This part says what each code means and what usually',
    'fixes it.',
    '',
  ];
  for (const area of AREAS) {
    const codes = Object.keys(catalog).filter((code) => catalog[code]!.area === area).sort();
    if (codes.length === 0) continue;
    lines.push(`### ${area[0]!.toUpperCase()}${area.slice(1)}`, '');
    for (const code of codes) {
      const entry = catalog[code]!;
      lines.push(`#### ${code}`, '', `- Cause: ${entry.cause}`, `- Fix: ${entry.fix}`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

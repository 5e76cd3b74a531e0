// `nx run cloudformation:bench`: prints each template's size against CloudFormation's
// 51,200-byte inline limit (the original collector was 54,393 bytes and could not deploy
// inline) and how long the full check of all templates takes, spec database load included.
import { INLINE_TEMPLATE_LIMIT_BYTES } from './baseline-rules.ts';
import { checkTemplateFile } from './check-template.ts';
import { STACK_NAMES, templatePath } from './stacks.ts';
import { readFile } from 'node:fs/promises';

const started = performance.now();
let findings = 0;
for (const stack of STACK_NAMES) findings += (await checkTemplateFile(templatePath(stack))).length;
const seconds = ((performance.now() - started) / 1000).toFixed(2);

for (const stack of STACK_NAMES) {
  const bytes = Buffer.byteLength(await readFile(templatePath(stack), 'utf8'));
  const share = Math.round((100 * bytes) / INLINE_TEMPLATE_LIMIT_BYTES);
  process.stdout.write(`${stack.padEnd(22)} ${String(bytes).padStart(6)} of ${INLINE_TEMPLATE_LIMIT_BYTES} bytes (${share}%)\n`);
}
process.stdout.write(`checked ${STACK_NAMES.length} templates in ${seconds}s with ${findings} finding(s)\n`);

// Writes docs/troubleshoot.md from the error catalog (run after adding a code to the catalog).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { troubleshootPage } from './troubleshoot-page.ts';

const target = fileURLToPath(new URL('../../../../docs/troubleshoot.md', import.meta.url));
writeFileSync(target, troubleshootPage());
process.stdout.write(`wrote ${target}\n`);

// The operator guide links its pages to each other (and the alarms link to runbook sections):
// every relative link must name a page that exists, and a #section must be one of its headings.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const docs = fileURLToPath(new URL('../../../../docs/', import.meta.url));
const pages = readdirSync(docs).filter((name) => name.endsWith('.md'));
/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
const anchorsOf = (page: string) => new Set([...readFileSync(`${docs}${page}`, 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) => anchor(m[1]!)));

test('every relative link of the guide reaches an existing page and section', () => {
  const broken: string[] = [];
  for (const page of pages) {
    for (const [, target] of readFileSync(`${docs}${page}`, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const [file, section] = target!.split('#') as [string, string | undefined];
      const linked = file === '' ? page : file;
      if (!existsSync(`${docs}${linked}`)) broken.push(`${page}: ${target} (no such page)`);
      else if (section && !anchorsOf(linked).has(section)) broken.push(`${page}: ${target} (no such section)`);
    }
  }
  expect(broken).toEqual([]);
  expect(pages).toEqual(expect.arrayContaining(['caps.md', 'verify.md', 'secrets.md', 'backup-restore.md', 'runbooks.md', 'troubleshoot.md']));
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { collectErrorCodes } from './collect-error-codes.ts';
import { errorCatalog } from './error-catalog.ts';
import { troubleshootPage } from './troubleshoot-page.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const sites = collectErrorCodes(root);

test('the collector finds the codes thrown directly, in a ternary, and through a helper that passes its code on', () => {
  const codes = sites.map((site) => site.code);
  // a direct throw, both sides of vpn-ca.ts's ternary, and image-inputs.ts's userError helper
  expect(codes).toEqual(expect.arrayContaining(['ProfileNotFound', 'VpnCaPassphraseWrong', 'OpensslFailed', 'ArchitectureInvalid']));
  expect(sites.length).toBeGreaterThan(80);
});

test('every error code the sources throw has a catalog entry with a cause and a fix', () => {
  const missing = sites.filter((site) => !(site.code in errorCatalog)).map((site) => `${site.code} (thrown at ${site.where})`);
  expect(missing, 'add these codes to apps/deployer/src/troubleshoot/error-catalog.ts, then run write-troubleshoot.ts').toEqual([]);
  for (const [code, entry] of Object.entries(errorCatalog)) {
    expect(entry.cause.length, code).toBeGreaterThan(10);
    expect(entry.fix.length, code).toBeGreaterThan(5);
  }
});

test('the catalog has no entry for a code nothing throws any more', () => {
  const thrown = new Set(sites.map((site) => site.code));
  expect(Object.keys(errorCatalog).filter((code) => !thrown.has(code))).toEqual([]);
});

test('docs/troubleshoot.md is the page generated from the catalog, with every code as a heading and the symptoms kept', () => {
  const page = readFileSync(`${root}docs/troubleshoot.md`, 'utf8');
  expect(page).toContain('| `ROLLBACK_COMPLETE` | a first create failed |');
  expect(page, 'regenerate it: npx tsx apps/deployer/src/troubleshoot/write-troubleshoot.ts').toBe(troubleshootPage());
  for (const code of Object.keys(errorCatalog)) expect(page).toContain(`#### ${code}\n`);
});

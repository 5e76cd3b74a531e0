import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STACK_NAMES, templatePath } from '@cagw/cloudformation';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

async function run(...argv: string[]) {
  const io = createRecordingIo();
  return { code: await main(argv, io), out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

/** A copy of a shipped template with one change, in a temporary folder. */
function mutatedCopy(stack: (typeof STACK_NAMES)[number], from: string, to: string): string {
  const text = readFileSync(templatePath(stack), 'utf8');
  expect(text).toContain(from);
  const path = join(mkdtempSync(join(tmpdir(), 'cagw-lint-')), `${stack}.yaml`);
  writeFileSync(path, text.replace(from, to));
  return path;
}

test('every shipped template passes: exit 0', async () => {
  const { code, out } = await run('lint-templates');
  expect(code).toBe(0);
  expect(out).toBe(`${STACK_NAMES.length} template(s) checked: no findings`);
});

test('a broken template exits 1 and prints file:line, rule, message and fix', async () => {
  const path = mutatedCopy('gateway', 'Scheme: internal', 'Scheme: internet-facing');
  const line = readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes('Scheme: internet-facing')) + 1;
  const { code, out, err } = await run('lint-templates', path);
  expect(code).toBe(1);
  expect(out).toContain(`${path}:${line} ALB_INTERNAL_ONLY LoadBalancer: the load balancer is internet-facing`);
  expect(out).toMatch(/\n {2}fix: set Scheme: internal/);
  expect(err).toContain('1 finding(s) in 1 of 1 template(s)');
});

test('--json prints one document with every finding, and a stack name selects its template', async () => {
  const path = mutatedCopy('database', 'StorageEncrypted: true', 'StorageEncrypted: false');
  const { code, out } = await run('lint-templates', path, '--json');
  expect(code).toBe(1);
  const doc = JSON.parse(out);
  expect(doc.ok).toBe(false);
  expect(doc.templates[0].findings).toEqual([expect.objectContaining({ rule: 'RDS_ENCRYPTED', file: path, line: expect.any(Number), fix: expect.any(String) })]);

  const byName = JSON.parse((await run('lint-templates', 'network', '--json')).out);
  expect(byName).toEqual({ ok: true, templates: [{ path: templatePath('network'), findings: [] }] });
});

test('a file that cannot be read is an error naming the file, exit 1', async () => {
  const { code, err } = await run('lint-templates', '/nonexistent/x.yaml');
  expect(code).toBe(1);
  expect(err).toContain('cannot read template /nonexistent/x.yaml');
});

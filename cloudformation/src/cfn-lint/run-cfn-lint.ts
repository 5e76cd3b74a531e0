// The cloudformation project's lint step after eslint: the AWS linter, cfn-lint, over every
// template in templates/ and over the observability template that `cagw dashboards` generates
// for every shipped profile (that one is made per profile, so it is only seen this way).
// Any finding fails, except the one known schema gap (cfn-lint-findings.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTemplate } from '../parse-template.ts';
import { listTemplateFiles } from '../stacks.ts';
import { type CfnLintFinding, formatCfnLintFinding, isPromQlAlarmSchemaGap } from './cfn-lint-findings.ts';

/* eslint-disable no-console -- a lint script: its output is the report */
const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));
const profilesDir = join(workspaceRoot, 'profiles');
const cagw = join(workspaceRoot, 'node_modules', '.bin', 'cagw');
const outDir = mkdtempSync(join(tmpdir(), 'cagw-cfn-lint-'));

try {
  const files = await listTemplateFiles();
  for (const profile of readdirSync(profilesDir).filter((name) => name.endsWith('.env')).sort()) {
    const out = join(outDir, basename(profile, '.env'));
    const made = spawnSync(cagw, ['dashboards', '--profile', join(profilesDir, profile), '--out', out], { encoding: 'utf8', timeout: 120_000 });
    if (made.status !== 0) {
      console.error(`cagw dashboards failed for profiles/${profile} (exit ${made.status}):\n${made.stderr}${made.stdout}`);
      process.exit(1);
    }
    files.push(join(out, 'observability.yaml'));
  }

  const linted = spawnSync('cfn-lint', ['--format', 'json', '--', ...files], { encoding: 'utf8', timeout: 180_000, maxBuffer: 64 * 1024 * 1024 });
  if (linted.error || linted.stdout.trim() === '') {
    console.error(`cfn-lint did not run: ${linted.error?.message ?? linted.stderr.trim()}\n  fix: install it with: pip install cfn-lint==1.51.0`);
    process.exit(1);
  }
  const parsed = new Map<string, ReturnType<typeof parseTemplate>>();
  const templateOf = (file: string) => parsed.get(file) ?? parsed.set(file, parseTemplate(readFileSync(file, 'utf8'), file)).get(file)!;
  const findings = (JSON.parse(linted.stdout) as CfnLintFinding[]).filter((finding) => !isPromQlAlarmSchemaGap(finding, templateOf(finding.Filename)));
  for (const finding of findings) console.error(formatCfnLintFinding(finding).replace(outDir, '<cagw dashboards output>'));
  console.log(`cfn-lint: ${files.length} templates (${files.length - readdirSync(outDir).length} in templates/, ${readdirSync(outDir).length} generated observability templates), ${findings.length} findings`);
  process.exitCode = findings.length > 0 ? 1 : 0;
} finally {
  rmSync(outDir, { recursive: true, force: true });
}

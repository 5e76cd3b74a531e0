// Issue 24: `cagw plan --from OLD --markdown`, the review a pull request or CI job summary shows.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import type { PlanEdit } from '../edit-impact/index.ts';
import type { ResourceImpact } from '../edit-impact/stack-changes.ts';
import { main } from '../main.ts';
import { PROFILES_DIR } from '../orchestrate/testing/profile-fixture.ts';
import { formatEditImpactMarkdown } from './format-edit-impact.ts';
import { createRecordingIo } from './recording-io.ts';

const impact = (over: Partial<ResourceImpact>): ResourceImpact => ({
  logicalId: 'X', type: 'AWS::S3::Bucket', action: 'modify', causes: [], customName: false, guarded: false, guardedBecause: undefined, name: undefined, unknown: [], parameters: [],
  ...over,
} as ResourceImpact);

test('the Markdown review counts each action, puts a guarded loss first in bold with the flag deploy needs, and escapes | in cells', () => {
  const edit: PlanEdit & { changedVariables: string[] } = {
    changedVariables: ['DB_INSTANCE_CLASS', 'MIN_TASKS'],
    stacks: [
      { name: 'claude-gateway-gateway', changes: [impact({ logicalId: 'ScalableTarget', type: 'AWS::ApplicationAutoScaling::ScalableTarget', causes: ['MinCapacity'] })] },
      { name: 'claude-gateway-database', changes: [impact({ logicalId: 'Database', type: 'AWS::RDS::DBInstance', action: 'replace', causes: ['Engine|Version'], guarded: true, guardedBecause: 'the database: its data' })] },
    ],
    refusals: [],
  } as never;
  const md = formatEditImpactMarkdown(edit, 'profiles/prod.main.env', 'profiles/prod.env');
  expect(md.split('\n')).toEqual([
    '### cagw plan: `profiles/prod.env` over `profiles/prod.main.env`',
    '',
    '0 to add, 1 to modify, 1 to replace, 0 to remove.',
    '',
    'Judged offline; variables changed: `DB_INSTANCE_CLASS`, `MIN_TASKS`.',
    '',
    '**Guarded:** this loses `Database` (the database: its data); `cagw deploy` needs `--allow-replace Database` to do it.',
    '',
    '| stack | resource | type | action | caused by |',
    '| --- | --- | --- | --- | --- |',
    '| claude-gateway-database | `Database` | AWS::RDS::DBInstance | **replace** | Engine\\|Version |',
    '| claude-gateway-gateway | `ScalableTarget` | AWS::ApplicationAutoScaling::ScalableTarget | modify | MinCapacity |',
  ]);
});

test('plan --from --markdown: a refused edit lists the refusal with its fix, exit 1; --markdown needs --from', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-plan-md-'));
  try {
    const flagship = readFileSync(join(PROFILES_DIR, 'managed-newcognito-collector-vpn.env'), 'utf8');
    writeFileSync(join(dir, 'old.env'), flagship);
    writeFileSync(join(dir, 'new.env'), flagship.replace(/^COGNITO_ADMIN_EMAIL=.*$/m, 'COGNITO_ADMIN_EMAIL=ops@example.com'));
    const io = createRecordingIo();
    expect(await main(['plan', '--from', join(dir, 'old.env'), '--profile', join(dir, 'new.env'), '--markdown'], io)).toBe(1);
    const md = io.stdout.join('\n');
    expect(md).toContain(`### cagw plan: \`${join(dir, 'new.env')}\` over \`${join(dir, 'old.env')}\``);
    expect(md).toMatch(/^0 to add, 0 to modify, 3 to replace, 0 to remove; \*\*1 update\(s\) CloudFormation would refuse\*\*\.$/m);
    expect(md).toContain('| claude-gateway-idp | `FirstUser` | AWS::Cognito::UserPoolUser | replace | UserAttributes · custom name admin |');
    expect(md).toMatch(/^#### Updates CloudFormation would refuse\n\n- `COGNITO_ADMIN_EMAIL`: claude-gateway-idp: FirstUser/m);
    expect(md).toMatch(/^ {2}- fix: set COGNITO_ADMIN_EMAIL back to its deployed value/m);
    const alone = createRecordingIo();
    expect(await main(['plan', '--profile', join(dir, 'new.env'), '--markdown'], alone)).toBe(2);
    expect(alone.stderr.join('\n')).toContain('--markdown writes the review of an edit, so it needs --from OLD_PROFILE');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

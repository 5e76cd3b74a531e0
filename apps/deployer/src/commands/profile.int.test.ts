// Issue 22: what `cagw profile` accepts in a policies file, the real gateway accepts too. The
// models come from the catalogue cagw renders, the tools from the list the pinned binary carries.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { FAMILY_ALIASES, MODEL_CATALOGUE } from '@cagw/config-render';
import { gatewayPackageFor } from '@cagw/local-gateway';
import { CLAUDE_CODE_TOOLS } from '@cagw/profile';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cagw-profile-names-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("cagw's list of Claude Code tools is the pinned gateway's BUILTIN_TOOL_NAMES", () => {
  const pkg = createRequire(import.meta.url).resolve(`${gatewayPackageFor(process)}/package.json`);
  const binary = readFileSync(join(dirname(pkg), 'claude'));
  const marker = Buffer.from('BUILTIN_TOOL_NAMES=[');
  const at = binary.indexOf(marker);
  expect(at, 'the pinned binary no longer names BUILTIN_TOOL_NAMES').toBeGreaterThan(0);
  const start = at + marker.length - 1;
  const listed = binary.subarray(start, binary.indexOf(']', start) + 1).toString('utf8');
  expect(CLAUDE_CODE_TOOLS).toEqual(JSON.parse(listed));
});

test('every model name and tool cagw profile accepts boots the real gateway (cagw validate)', async () => {
  const models = [...FAMILY_ALIASES, ...MODEL_CATALOGUE.map((m) => m.id)];
  const tools = [...CLAUDE_CODE_TOOLS, 'Bash(curl:*)', 'WebFetch(domain:example.com)', 'Agent(model:opus)', 'mcp__github', 'mcp__github__*', '*'];
  writeFileSync(join(dir, 'policies.yaml'), [
    'policies:',
    '  - name: every-name',
    '    groups: [engineering]',
    `    models: [${models.join(', ')}]`,
    `    deny_tools: [${tools.map((t) => JSON.stringify(t)).join(', ')}]`,
    '  - name: everyone-else',
    '    models: [sonnet]',
  ].join('\n'));
  writeFileSync(join(dir, 'local.env'), readFileSync(join(profiles, 'local.env'), 'utf8').replace('POLICIES_FILE=policies.example.yaml', 'POLICIES_FILE=policies.yaml'));
  const profile = join(dir, 'local.env');

  const checked = createRecordingIo();
  expect(await main(['profile', '--profile', profile], checked), checked.stderr.join('\n')).toBe(0);
  const validated = createRecordingIo();
  expect(await main(['validate', '--profile', profile], validated), validated.stderr.join('\n')).toBe(0);

  // and a slip of each kind is refused by cagw profile, as the gateway would refuse it or ignore it
  writeFileSync(join(dir, 'policies.yaml'), 'policies:\n  - name: everyone-else\n    models: [opsu]\n    deny_tools: [bash]\n');
  const refused = createRecordingIo();
  expect(await main(['profile', '--profile', profile], refused)).toBe(1);
  expect(refused.stderr.join('\n')).toMatch(/allows model "opsu".*policies\.yaml:3\); did you mean "opus"\?/);
  expect(refused.stderr.join('\n')).toMatch(/denies "bash".*policies\.yaml:4\); did you mean "Bash"\?/);
}, 60_000);

// validate's decisions, with the loopback gateway faked; the real boot of every shipped profile
// is in libs/config-render's integration tests.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow } from '@cagw/profile';
import { GatewayConfigRejected, type LocalGateway, type StartLocalGatewayOptions } from '@cagw/local-gateway';
import { expect, test } from 'vitest';
import { createRecordingIo } from '../cli/recording-io.ts';
import { main } from '../main.ts';
import { validateSettings } from './validate.ts';

const profiles = fileURLToPath(new URL('../../../../profiles/', import.meta.url));
const settings = loadSettingsOrThrow({ profilePath: `${profiles}local.env`, env: {} }).settings;

function fakeGateway(warnings: string[]) {
  const started: StartLocalGatewayOptions[] = [];
  let stopped = 0;
  const start = async (options: StartLocalGatewayOptions) => {
    started.push(options);
    return { bootMs: 812, warnings, stop: async () => void stopped++ } as unknown as LocalGateway;
  };
  return { start, started, stopped: () => stopped };
}

test('a clean boot passes, boots the version the profile deploys with the config as rendered, and stops the gateway', async () => {
  const fake = fakeGateway([]);
  const { report } = await validateSettings(settings, { strict: true, startGateway: fake.start });
  expect(report).toMatchObject({ result: 'pass', version: '2.1.330', bootMs: 812, errors: [], warnings: [] });
  expect(fake.started[0]).toMatchObject({ version: '2.1.330', env: {} });
  expect((fake.started[0]!.config as { managed: { policies: unknown[] } }).managed.policies).toHaveLength(4);
  expect(fake.stopped()).toBe(1);
});

test("another CLAUDE_VERSION is fetched from the profile's release mirror and checked with its pinned key, the key file read from the profile's folder", async () => {
  const fake = fakeGateway([]);
  const mirrored = {
    ...settings,
    CLAUDE_VERSION: '2.1.331',
    RELEASE_MIRROR_URL: 'https://mirror.example.com/claude-code-releases',
    RELEASE_KEY_FILE: 'keys/release.asc',
    RELEASE_KEY_FINGERPRINT: '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE',
  };
  await validateSettings(mirrored, { strict: false, startGateway: fake.start });
  expect(fake.started[0]).toMatchObject({
    version: '2.1.331',
    release: { baseUrl: 'https://mirror.example.com/claude-code-releases', keyFile: join(profiles, 'keys/release.asc'), fingerprint: '31DDDE24DDFAB679F42D7BD2BAA929FF1A7ECACE' },
  });
  // a profile that names none leaves the release source to the library (Anthropic's tree and key)
  const plain = fakeGateway([]);
  await validateSettings(settings, { strict: false, startGateway: plain.start });
  expect(plain.started[0]?.release).toEqual({});
});

test('a warning passes, but fails with --strict; a loopback-issuer notice never fails', async () => {
  const warning = "[gateway] 2026-11-24T20:00:00.000Z warn managed policy 2 availableModels contains 'best'";
  const notice = '[gateway] 2026-11-24T20:00:00.000Z warn oidc.scopes omits offline_access but the IdP advertises it';
  const relaxed = await validateSettings(settings, { strict: false, startGateway: fakeGateway([warning, notice]).start });
  expect(relaxed.report.result).toBe('pass');
  expect(relaxed.report.warnings).toEqual([{ text: warning, source: expect.stringMatching(/^policy "contractors"/) }]);
  expect(relaxed.report.loopbackNotes).toEqual([notice]);
  expect((await validateSettings(settings, { strict: true, startGateway: fakeGateway([warning]).start })).report.result).toBe('fail');
  expect((await validateSettings(settings, { strict: true, startGateway: fakeGateway([notice]).start })).report.result).toBe('pass');
});

test("the gateway's refusal fails, each finding traced to the policy or variable behind it", async () => {
  const start = async (): Promise<LocalGateway> => {
    throw new GatewayConfigRejected(
      { kind: 'managed-settings', errors: [{ path: 'managed.policies[0].cli.availableModel', message: 'unknown settings key' }, { path: 'oidc.groups_claim', message: 'Required' }], text: '' },
      '2.1.330',
    );
  };
  const { report } = await validateSettings(settings, { strict: false, startGateway: start });
  expect(report.result).toBe('fail');
  expect(report.errors.map((e) => e.source)).toEqual([expect.stringMatching(/^policy "engineering"/), 'GROUPS_CLAIM']);
});

test('a profile that cannot be rendered exits 1 with every problem, before booting anything', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cagw-validate-'));
  writeFileSync(join(dir, 'policies.yaml'), 'policies:\n  - name: eng\n    groups: [eng]\n    models: [claude-opus-9, best]\n');
  writeFileSync(join(dir, 'p.env'), `${readFileSync(`${profiles}local.env`, 'utf8')}\nPOLICIES_FILE=policies.yaml\n`);
  const io = createRecordingIo();
  const code = await main(['validate', '--profile', join(dir, 'p.env')], io);
  expect(code).toBe(1);
  const err = io.stderr.join('\n');
  expect(err).toContain('2 problem(s)');
  expect(err).toContain('"claude-opus-9"');
  expect(err).not.toContain('booting');
});

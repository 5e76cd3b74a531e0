// The rendered config of every shipped profile, and of a profile with 200 group policies, boots
// the real pinned gateway with no warning; a signed-in user gets their group's policy.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadSettingsOrThrow, type Settings } from '@cagw/profile';
import { GatewayConfigRejected, fetchManagedSettings, signInTestUser, startLocalGateway, stopSharedServices, type LocalGateway } from '@cagw/local-gateway';
import { afterAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { isLoopbackArtefact } from './loopback-artefacts.ts';
import { generateGroupPolicies } from './policy-capacity.ts';
import { renderGatewayConfig, type RenderedGatewayConfig } from './render-gateway-config.ts';
import { traceGatewayErrors } from './trace-gateway-errors.ts';

const profilesDir = fileURLToPath(new URL('../../../profiles/', import.meta.url));
const shippedProfiles = readdirSync(profilesDir).filter((f) => f.endsWith('.env') && !f.startsWith('my'));

function settingsOf(profile: string, env: Record<string, string> = {}): Settings {
  return loadSettingsOrThrow({ profilePath: `${profilesDir}${profile}`, env }).settings;
}

async function boot(rendered: RenderedGatewayConfig, options: Partial<Parameters<typeof startLocalGateway>[0]> = {}): Promise<LocalGateway> {
  return startLocalGateway({ config: parse(rendered.yaml), env: {}, keepSharedServices: true, ...options });
}

const profileWarnings = (gateway: LocalGateway) => gateway.warnings.filter((w) => !isLoopbackArtefact(w));

afterAll(async () => {
  await stopSharedServices();
});

describe('the real gateway boots every rendered config', () => {
  test('there are shipped profiles to boot', () => {
    expect(shippedProfiles.length).toBeGreaterThanOrEqual(7);
  });

  test.each(shippedProfiles)('%s boots with no gateway warning', async (profile) => {
    const rendered = renderGatewayConfig(settingsOf(profile), { profileName: profile });
    const gateway = await boot(rendered);
    try {
      expect(profileWarnings(gateway)).toEqual([]);
      expect(gateway.logs.some((l) => l.includes('claude gateway listening on'))).toBe(true);
    } finally {
      await gateway.stop();
    }
  });

  test('a profile with 200 group policies (3 models, 2 denied tools each) fits and boots with no warning', async () => {
    const settings = { ...settingsOf('local.env'), policies: generateGroupPolicies(200) };
    const rendered = renderGatewayConfig(settings);
    expect(rendered.budget.fits).toBe(true);
    const gateway = await boot(rendered);
    try {
      expect(profileWarnings(gateway)).toEqual([]);
    } finally {
      await gateway.stop();
    }
  });
});

describe('policies reach the people they are for', () => {
  test('each signed-in user gets their group policy from GET /managed/settings', async () => {
    const rendered = renderGatewayConfig(settingsOf('local.env'));
    const users = [
      { email: 'alice@example.com', name: 'Alice', groups: ['engineering'] },
      { email: 'bob@example.com', name: 'Bob', groups: ['contractors'] },
      { email: 'carol@example.com', name: 'Carol', groups: ['sales'] },
    ];
    const gateway = await boot(rendered, { users });
    try {
      const settingsFor = async (email: string) => {
        const token = await signInTestUser(gateway.url, email);
        const answer = await fetchManagedSettings(gateway.url, token.accessToken);
        expect(answer.status).toBe(200);
        return answer.settings as { availableModels?: string[]; enforceAvailableModels?: boolean; permissions?: { deny?: string[] }; env?: Record<string, string> };
      };
      const alice = await settingsFor('alice@example.com');
      expect(alice.availableModels).toEqual(['opus', 'sonnet', 'haiku']);
      expect(alice.enforceAvailableModels).toBe(true);
      expect(alice.env?.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC).toBe('1');
      const bob = await settingsFor('bob@example.com');
      expect(bob.availableModels).toEqual(['haiku']);
      expect(bob.permissions?.deny).toEqual(expect.arrayContaining(['Bash', 'WebFetch']));
      const carol = await settingsFor('carol@example.com');
      expect(carol.availableModels).toEqual(['sonnet', 'haiku']);
      expect(carol.env?.CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC).toBeUndefined();
    } finally {
      await gateway.stop();
    }
  });
});

describe('the gateway\'s own refusals are traced back to the profile', () => {
  test('a bad key in a policy is reported at its path and traced to that policy', async () => {
    const rendered = renderGatewayConfig(settingsOf('local.env'));
    const config = parse(rendered.yaml);
    config.managed.policies[1].cli.availableModel = ['haiku']; // the typo a hand edit could make
    let error: unknown;
    try {
      const gateway = await startLocalGateway({ config: parse(stringify(config)), env: {}, keepSharedServices: true });
      await gateway.stop();
    } catch (e) {
      error = e;
    }
    expect(GatewayConfigRejected.isRejection(error)).toBe(true);
    const traced = traceGatewayErrors((error as GatewayConfigRejected).errors, rendered.sources);
    expect(traced).toContainEqual(expect.objectContaining({ path: 'managed.policies[1].cli.availableModel', source: expect.stringMatching(/^policy "contractors"/) }));
  });
});

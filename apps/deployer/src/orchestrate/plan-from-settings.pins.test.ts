// A plan that must stop on a missing pin says where pins come from now: the first preflight or
// deploy with network, or cagw pin, records them in the lock beside the profile.
import { join } from 'node:path';
import { loadSettingsOrThrow } from '@cagw/profile';
import { expect, test } from 'vitest';
import { PROFILES_DIR } from './testing/profile-fixture.ts';
import { planFromSettings } from './plan-from-settings.ts';

test('DbClientImageMissing names the lock beside the profile and the command with the real path', async () => {
  const profilePath = join(PROFILES_DIR, 'byo-oidc-byotelemetry.env');
  const { settings } = loadSettingsOrThrow({ profilePath, env: {} });
  const refused = await planFromSettings(settings, {}).then(() => undefined, (e: unknown) => e);
  expect(refused).toMatchObject({ code: 'DbClientImageMissing', fix: expect.stringContaining(`cagw pin --profile ${profilePath}`) });
  expect(refused).toMatchObject({ fix: expect.stringContaining(`records DB_CLIENT_IMAGE_URI as <repository>@sha256:<digest> in ${join(PROFILES_DIR, 'byo-oidc-byotelemetry.pins.lock.json')}`) });
});

import { expect, test } from 'vitest';
import { isLoopbackArtefact } from './loopback-artefacts.ts';

test('the offline_access notice describes the loopback issuer; other warnings are the profile\'s', () => {
  expect(isLoopbackArtefact('[gateway] 2026-11-24T20:09:05.293Z warn oidc.scopes omits offline_access but the IdP advertises it — refresh tokens will not be issued')).toBe(true);
  expect(isLoopbackArtefact('[gateway] t warn no managed policy carries a desktop: block')).toBe(false);
  expect(isLoopbackArtefact("[gateway] t warn managed policy 1 availableModels contains 'best'")).toBe(false);
});

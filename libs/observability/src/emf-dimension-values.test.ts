// emf mode: an empty or over-long user.groups must not cost a user their spend in every alarm.
import { describe, expect, test } from 'vitest';
import { DIMENSION_VALUE_REGEX } from './collector-identity.ts';
import { emfMetricDeclarations } from './collector-config.ts';
import { extractEmf } from './testing/emf-extraction.ts';
import { CLIENT_METRICS, EMF_OTEL_LIB } from './telemetry-catalog.ts';

const declarations = emfMetricDeclarations();
const cost = CLIENT_METRICS.costUsage.name;
const spendOf = (groups: string) =>
  extractEmf(declarations, cost, { OTelLib: EMF_OTEL_LIB, model: 'claude-sonnet-4-6', 'user.email': 'ana@example.com', 'user.groups': groups });
// 30 Entra ID group object ids, comma separated: 30 × 36 + 29 = 1,109 characters
const entraGroups = Array.from({ length: 30 }, (_, i) => `0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1${String(i).padStart(2, '0')}`).join(',');

describe('a user with an unusable user.groups value keeps their spend in the other dimension sets', () => {
  test.each([
    ['no groups (empty string)', ''],
    ['30 Entra group ids (1,109 characters)', entraGroups],
    ['1,025 characters', 'g'.repeat(1025)],
  ])('%s', (_what, groups) => {
    const sets = spendOf(groups);
    expect(sets).not.toBe('rejected');
    expect(sets).toEqual(expect.arrayContaining([['OTelLib'], ['user.email', 'OTelLib'], ['model', 'OTelLib']]));
    expect(sets).not.toContainEqual(['user.groups', 'OTelLib']);
  });

  test.each([
    ['one group', 'platform'],
    ['exactly 1,024 characters', 'g'.repeat(1024)],
  ])('%s still counts towards its team', (_what, groups) => {
    expect(spendOf(groups)).toContainEqual(['user.groups', 'OTelLib']);
  });
});

test('the length check compiles in Go RE2, whose counted repetition stops at 1,000', () => {
  const counts = [...DIMENSION_VALUE_REGEX.matchAll(/\{(\d+)(?:,(\d+))?\}/g)].flatMap((m) => [Number(m[1]), Number(m[2] ?? m[1])]);
  expect(counts.length).toBeGreaterThan(0);
  for (const count of counts) expect(count).toBeLessThanOrEqual(1000);
  // no syntax RE2 lacks
  expect(DIMENSION_VALUE_REGEX).not.toMatch(/\(\?[=!<]|\\[1-9]/);
});

import { expect, test } from 'vitest';
import { dollarsToCents, readCapsFile } from './read-caps-file.ts';
import { loadWith } from './test-support.ts';

const example = `organization: { daily: 100 }
groups:
  contractors: { daily: 5, monthly: 50 }
users:
  Bob@Example.com: { daily: 1.25, weekly: null }
`;

test('the issue\'s example: dollars become whole cents on the wire, emails lower-case, null is unlimited', () => {
  const { caps, problems } = readCapsFile('caps.yaml', example);
  expect(problems).toEqual([]);
  expect(caps).toEqual({
    organization: { daily: '10000' },
    groups: { contractors: { daily: '500', monthly: '5000' } },
    users: { 'bob@example.com': { daily: '125', weekly: null } },
  });
});

test('a fraction of a cent is refused at its line, not rounded', () => {
  const { problems } = readCapsFile('caps.yaml', 'organization: { daily: 100 }\ngroups:\n  contractors: { daily: 0.005 }\n');
  expect(problems).toHaveLength(1);
  expect(problems[0]).toMatchObject({ variable: 'CAPS_FILE', where: 'caps.yaml:3', message: expect.stringMatching(/groups\.contractors\.daily has a fraction of a cent/) });
  expect(dollarsToCents(0.29)).toBe('29');
  expect(dollarsToCents(19.99)).toBe('1999');
  expect(dollarsToCents(1.001)).toBeUndefined();
});

test('an OIDC subject in place of an email, a negative amount, an unknown period and a case-duplicate are each named', () => {
  const text = 'users:\n  2f4c9a7e-5d1b-4a39-9e2f-0c8d7b6a5e41: { daily: 1 }\n';
  expect(readCapsFile('caps.yaml', text).problems[0]).toMatchObject({ where: 'caps.yaml:2', message: expect.stringMatching(/is not an email address/), fix: expect.stringMatching(/never by OIDC subject/) });
  expect(readCapsFile('caps.yaml', 'organization: { daily: -1 }\n').problems[0]?.message).toMatch(/is negative/);
  expect(readCapsFile('caps.yaml', 'organization: { hourly: 1 }\n').problems[0]).toMatchObject({ where: 'caps.yaml:1', message: expect.stringMatching(/hourly/) });
  const twice = readCapsFile('caps.yaml', 'users:\n  ana@example.com: { daily: 1 }\n  Ana@example.com: { daily: 2 }\n');
  expect(twice.problems[0]).toMatchObject({ where: 'caps.yaml:3', message: expect.stringMatching(/ana@example.com twice/) });
});

test('CAPS_FILE feeds the daily cap warnings (zero and unlimited caps have nothing to warn about)', () => {
  const loaded = loadWith({ CAPS_FILE: 'caps.yaml' }, { 'caps.yaml': 'organization: { daily: 100, weekly: 300 }\ngroups:\n  contractors: { daily: 0 }\nusers:\n  ana@example.com: { daily: 2.5 }\n  bo@example.com: { daily: null }\n' });
  expect(loaded.problems).toEqual([]);
  expect(loaded.settings?.DAILY_SPEND_CAPS_USD).toEqual([
    { key: 'org', usd: 100 },
    { key: 'user:ana@example.com', usd: 2.5 },
  ]);
});

test('a profile with both CAPS_FILE and DAILY_SPEND_CAPS_USD is refused with the fix', () => {
  const loaded = loadWith({ CAPS_FILE: 'caps.yaml', DAILY_SPEND_CAPS_USD: 'org=100' }, { 'caps.yaml': 'organization: { daily: 100 }\n' });
  expect(loaded.settings).toBeUndefined();
  expect(loaded.problems).toEqual([
    expect.objectContaining({ variable: 'DAILY_SPEND_CAPS_USD', message: expect.stringMatching(/together with CAPS_FILE/), fix: expect.stringMatching(/remove DAILY_SPEND_CAPS_USD .*caps\.yaml/) }),
  ]);
});

test('an unknown key gets the key it is probably a slip of, at its own line, as in POLICIES_FILE', () => {
  const { problems } = readCapsFile('caps.yaml', 'organisation: { daily: 100 }\n');
  expect(problems).toEqual([
    expect.objectContaining({ where: 'caps.yaml:1', message: expect.stringContaining('"organisation"'), fix: expect.stringMatching(/^did you mean "organization"\?/) }),
  ]);
  const period = readCapsFile('caps.yaml', 'groups:\n  contractors:\n    dialy: 5\n').problems;
  expect(period).toEqual([expect.objectContaining({ where: 'caps.yaml:3', fix: expect.stringMatching(/^did you mean "daily"\?/) })]);
  // nothing near: no guess, the keys
  expect(readCapsFile('caps.yaml', 'organization: { hourly: 1 }\n').problems[0]?.fix).not.toMatch(/did you mean/);
});

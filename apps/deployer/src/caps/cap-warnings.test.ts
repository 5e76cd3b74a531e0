import { expect, test } from 'vitest';
import { capWarnings, periodInstance, type EffectiveSpend } from './cap-warnings.ts';

const now = new Date('2026-12-08T10:00:00Z');
const row = (over: Partial<EffectiveSpend>): EffectiveSpend => ({ sub: 's-bob', email: 'bob@example.com', period: 'daily', capCents: '500', source: { type: 'rbac_group', rbac_group_id: 'contractors' }, spentCents: 0, ...over });

test('each threshold is warned once per period: 80 % then 90 %, nothing again for the same spend', () => {
  const first = capWarnings({ rows: [row({ spentCents: 410 })], percents: [80, 90, 100], sent: new Set(), now });
  expect(first.messages.map((m) => [m.user, m.capOf, m.percent])).toEqual([['bob@example.com', 'group:contractors', 80]]);
  expect(first.messages[0]?.text).toBe("bob@example.com has spent $4.10 of group contractors's daily cap of $5.00 (80 % reached, period 2026-12-08 UTC)");
  const again = capWarnings({ rows: [row({ spentCents: 420 })], percents: [80, 90, 100], sent: new Set(first.sent), now });
  expect(again.messages).toEqual([]);
  const ninety = capWarnings({ rows: [row({ spentCents: 460 })], percents: [80, 90, 100], sent: new Set(first.sent), now });
  expect(ninety.messages.map((m) => m.percent)).toEqual([90]);
  // the next day is another period: warned afresh
  expect(capWarnings({ rows: [row({ spentCents: 410 })], percents: [80, 90, 100], sent: new Set([...first.sent, ...ninety.sent]), now: new Date('2026-12-09T00:00:01Z') }).messages).toHaveLength(1);
});

test('a jump past several thresholds sends the highest only and remembers all of them', () => {
  const { messages, sent } = capWarnings({ rows: [row({ spentCents: 500, source: { type: 'organization' } })], percents: [90, 80, 100], sent: new Set(), now });
  expect(messages.map((m) => [m.percent, m.capOf])).toEqual([[100, 'organization']]);
  expect(messages[0]?.text).toMatch(/of the organisation's daily cap of \$5\.00 \(100 % reached.*refused until the period resets$/);
  expect(sent).toHaveLength(3);
  expect(messages[0]?.covers).toEqual(sent);
});

test('no warning without a finite cap, for a zero cap, or below the lowest threshold', () => {
  const rows = [row({ capCents: null, spentCents: 10_000 }), row({ source: null, capCents: null }), row({ capCents: '0', spentCents: 1 }), row({ spentCents: 399 })];
  expect(capWarnings({ rows, percents: [80, 90, 100], sent: new Set(), now }).messages).toEqual([]);
});

test('periods as the gateway resets them: UTC day, ISO week, month', () => {
  expect(periodInstance('daily', now)).toBe('2026-12-08');
  expect(periodInstance('weekly', now)).toBe('2026-W50');
  expect(periodInstance('weekly', new Date('2027-01-01T12:00:00Z'))).toBe('2026-W53');
  expect(periodInstance('monthly', now)).toBe('2026-12');
});

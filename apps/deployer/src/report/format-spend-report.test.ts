import { expect, test } from 'vitest';
import { spendReportCsv, spendReportMarkdown } from './format-spend-report.ts';
import type { SpendReport } from './spend-report.ts';

const report: SpendReport = { startingAt: '2026-12-02T00:00:00Z', by: 'group', totalUsd: 12.5, rows: [{ name: 'eng, "core"', usd: 12.5 }, { name: 'a|b', usd: 0.00041 }] };

test('CSV quotes a field with a comma or a quote and doubles its quotes (RFC 4180), and keeps the full amount', () => {
  expect(spendReportCsv(report)).toBe('group,usd\r\n"eng, ""core""",12.5\r\na|b,0.00041');
});

test('Markdown escapes a pipe inside a cell and shows cents', () => {
  expect(spendReportMarkdown(report).split('\n').slice(-2)).toEqual(['| eng, "core" | 12.50 |', '| a\\|b | 0.00 |']);
});

// A spend report as a terminal table, CSV (RFC 4180 quoting) or a Markdown table.
import type { SpendReport } from './spend-report.ts';

const usd = (value: number) => value.toFixed(2);

// CSV and JSON keep the gateway's precision (a short request costs a fraction of a cent)
function columns(report: SpendReport, amount: (value: number) => string): { header: [string, string]; rows: [string, string][] } {
  return { header: [report.by, 'usd'], rows: report.rows.map((row) => [row.name, amount(row.usd)]) };
}

export function spendReportCsv(report: SpendReport): string {
  // RFC 4180 §2: a field with a comma, a quote or a line break is quoted, its quotes doubled
  const field = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const { header, rows } = columns(report, String);
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n');
}

export function spendReportMarkdown(report: SpendReport): string {
  // a pipe inside a cell would end it (GFM tables): escaped
  const cell = (value: string) => value.replace(/\|/g, '\\|');
  const { header, rows } = columns(report, usd);
  return [
    `Spend by ${report.by} since ${report.startingAt}: $${usd(report.totalUsd)} in all`,
    '',
    `| ${header.map(cell).join(' | ')} |`,
    '| --- | ---: |',
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

export function spendReportJson(report: SpendReport): object {
  return { since: report.startingAt, by: report.by, totalUsd: report.totalUsd, rows: report.rows.map((row) => ({ [report.by]: row.name, usd: row.usd })) };
}

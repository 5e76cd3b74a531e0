// A plain, aligned text table for terminal output.
export function formatTable(headers: string[], rows: string[][]): string {
  const all = headers.some((h) => h !== '') ? [headers, ...rows] : rows;
  const widths = headers.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return all.map(line).join('\n');
}

// Claude Code releases are MAJOR.MINOR.PATCH: compared number by number, not as text
// (2.1.99 is older than 2.1.100).
export function compareReleases(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

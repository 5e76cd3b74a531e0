/** One thing wrong with a profile: which variable, its value (unless secret), where, and the fix. */
export interface ProfileProblem {
  variable: string;
  /** the offending value; absent when it is a secret or there is none */
  value?: string;
  message: string;
  fix: string;
  /** `file:line`, or `environment` */
  where?: string;
}

export function formatProblem(p: ProfileProblem): string {
  const value = p.value === undefined ? '' : ` "${p.value}"`;
  const where = p.where ? ` (${p.where})` : '';
  return `${p.variable}${value}: ${p.message}${where}; ${p.fix}`;
}

// One problem the checker found in a template: what, where (file:line), which rule, and the fix.
export interface Finding {
  file: string;
  line: number;
  /** stable rule id, e.g. SPEC_UNKNOWN_PROPERTY or ALB_INTERNAL_ONLY */
  rule: string;
  message: string;
  fix: string;
}

export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line} ${f.rule} ${f.message}\n  fix: ${f.fix}`;
}

// Reads a profile: a dotenv file that a person can also `source` in bash. dotenv parses the
// values; a line scan adds what dotenv does not keep (line numbers, quoting, `unset`) so that
// a value bash would read differently is reported instead of silently diverging.
import { parse } from 'dotenv';
import type { ProfileProblem } from './profile-problem.ts';
import { variableCatalog } from './variable-catalog.ts';

export interface ProfileEntry {
  name: string;
  value: string;
  line: number;
}

export interface ProfileFile {
  path: string;
  entries: Map<string, ProfileEntry>;
  /** names the file `unset`s: they are removed from the environment too, as `source` would */
  unset: Map<string, number>;
  problems: ProfileProblem[];
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;
const UNSET = /^\s*unset\s+([A-Za-z_][A-Za-z0-9_ \t]*?)\s*(?:#.*)?$/;
// Characters that make bash split, run, redirect or expand an unquoted value.
const BASH_SPECIAL_UNQUOTED = /[\s;&|<>()$`\\"'!*?[\]{}~]/;

export function readProfileFile(path: string, text: string): ProfileFile {
  const values = parse(text);
  const entries = new Map<string, ProfileEntry>();
  const unset = new Map<string, number>();
  const problems: ProfileProblem[] = [];
  const lines = text.split(/\r?\n/);

  for (const [index, line] of lines.entries()) {
    const lineNo = index + 1;
    const where = `${path}:${lineNo}`;
    const unsetMatch = UNSET.exec(line);
    if (unsetMatch) {
      for (const name of unsetMatch[1]!.split(/\s+/)) {
        unset.set(name, lineNo);
        entries.delete(name);
      }
      continue;
    }
    const match = ASSIGNMENT.exec(line);
    if (!match) continue;
    const [, name, rest] = match as unknown as [string, string, string];
    const value = values[name];
    if (value === undefined) continue;
    unset.delete(name);
    entries.set(name, { name, value, line: lineNo });
    // Only a known variable's value is repeated back: anything else may be a secret pasted in.
    const shown = name in variableCatalog ? { value } : {};
    if (/^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*(?:\s+=|=[ \t]+[^\s#])/.test(line)) {
      problems.push({ variable: name, ...shown, where, message: 'has spaces around =, so bash runs the value as a command when the profile is sourced', fix: `write ${name}=value with nothing around =` });
      continue;
    }
    const problem = bashDivergence(rest.trimStart());
    if (problem) problems.push({ variable: name, ...shown, where, ...problem });
  }
  return { path, entries, unset, problems };
}

/** Why bash would read this right-hand side differently from dotenv, if it would. */
function bashDivergence(rhs: string): Pick<ProfileProblem, 'message' | 'fix'> | undefined {
  const quote = rhs[0];
  if (quote === "'") return undefined; // bash and dotenv both take single-quoted text literally
  if (quote === '`') return { message: 'is in backticks, which bash runs as a command', fix: "use single quotes: NAME='value'" };
  if (quote === '"') {
    const body = rhs.slice(1, rhs.lastIndexOf('"'));
    if (/[$`\\]/.test(body)) return { message: 'has $, ` or \\ inside double quotes, which bash expands when the profile is sourced', fix: "use single quotes: NAME='value'" };
    return undefined;
  }
  const unquoted = rhs.replace(/\s+#.*$/, '').trimEnd();
  if (unquoted.includes('#')) return { message: 'has an unquoted #, which ends the value early', fix: "quote the value: NAME='value'" };
  if (BASH_SPECIAL_UNQUOTED.test(unquoted)) return { message: 'has spaces or shell characters outside quotes, which bash reads differently', fix: "quote the value: NAME='value'" };
  return undefined;
}

/**
 * Writes a value so that dotenv and bash both read it back exactly, or says it cannot be.
 * Used by tests and by anything that writes profiles.
 */
export function formatProfileValue(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error('a profile value cannot hold a line break or NUL');
  if (value !== '' && !BASH_SPECIAL_UNQUOTED.test(value) && !value.includes('#') && !value.includes('=')) return value;
  if (!value.includes("'") && !value.endsWith('\\')) return `'${value}'`;
  if (!/[$`\\"]/.test(value)) return `"${value}"`;
  throw new Error("a profile value cannot hold both ' and one of \" $ ` \\ (bash and dotenv would read it differently)");
}

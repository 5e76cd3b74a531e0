// The model and tool names a policy may use, checked as the gateway checks them, each refused
// name with the one it was probably meant to be (did you mean ...?).
import { closest, distance } from 'fastest-levenshtein';
import { CLAUDE_CODE_TOOLS } from './claude-code-tools.ts';

/** What the gateway accepts in a policy: its model ids and aliases (from @cagw/config-render's catalogue). */
export interface PolicyNames {
  models: readonly string[];
}

export interface NameProblem {
  message: string;
  fix: string;
}

/** the name a typo is a slip of, when one is near enough */
function nearest(name: string, known: readonly string[]): string | undefined {
  const sameLetters = known.find((k) => k.toLowerCase() === name.toLowerCase());
  if (sameLetters) return sameLetters;
  if (known.length === 0) return undefined;
  const best = closest(name, known as string[]);
  return distance(name, best) <= Math.max(2, Math.floor(name.length / 5)) ? best : undefined;
}

export function checkModelName(model: string, names: PolicyNames): NameProblem | undefined {
  if (names.models.includes(model)) return undefined;
  const meant = nearest(model, names.models);
  return {
    message: `allows model "${model}", which the gateway does not offer`,
    fix: `${meant ? `did you mean "${meant}"? ` : ''}use one of: ${names.models.join(', ')}`,
  };
}

/**
 * A deny rule is `Tool` or `Tool(specifier)`. The gateway (2.1.330) refuses a tool name without
 * an underscore (mcp__server__tool has one) whose first letter is not a capital ("Tool names must
 * start with uppercase"). A capitalised slip of a built-in tool (Bsah) passes the gateway but
 * denies nothing, so it is refused here too.
 */
export function checkToolRule(rule: string): NameProblem | undefined {
  const tool = rule.split('(')[0]!.trim();
  if (tool === '') return { message: `denies "${rule}", which names no tool`, fix: 'write a tool (WebFetch) or a rule (Bash(curl:*))' };
  const rest = rule.slice(rule.split('(')[0]!.length);
  const meant = nearest(tool, CLAUDE_CODE_TOOLS);
  if (!tool.includes('_') && tool[0] !== tool[0]!.toUpperCase()) {
    const fixed = `${meant ?? tool[0]!.toUpperCase() + tool.slice(1)}${rest}`;
    return { message: `denies "${rule}": the gateway refuses a tool name that does not start with a capital`, fix: `did you mean "${fixed}"?` };
  }
  if (meant && meant !== tool && !tool.includes('_') && !tool.includes('*')) {
    return { message: `denies "${rule}", which is no Claude Code tool, so it denies nothing`, fix: `did you mean "${meant}${rest}"?` };
  }
  return undefined;
}

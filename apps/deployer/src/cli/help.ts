// Help text, generated from the command table so it can never drift from the parser.
import type { CommandEntry, CommandSpec, FlagSpec } from './command-spec.ts';
import { GLOBAL_FLAGS } from './global-flags.ts';

export function usageLine(command: CommandSpec): string {
  const positionals = (command.positionals ?? []).map((p) => ` [${p.name}${p.variadic ? '...' : ''}]`).join('');
  return `cagw ${command.name}${positionals} [flags]  (cagw ${command.name} --help for details)`;
}

export function formatTopHelp(commands: readonly Pick<CommandEntry, 'name' | 'summary'>[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'cagw: deploy the Claude apps gateway into your own AWS account, and prove its configuration first',
    '',
    'Usage: cagw <command> [flags]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Flags for every command:',
    ...formatFlags(GLOBAL_FLAGS),
    '',
    'Run "cagw <command> --help" for the flags of one command.',
  ].join('\n');
}

export function formatCommandHelp(command: CommandSpec): string {
  const lines = [`cagw ${command.name}: ${command.summary}`, '', `Usage: ${usageLine(command).split('  (')[0]}`];
  if (command.details) lines.push('', command.details);
  if (command.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of command.positionals) lines.push(`  ${p.name.padEnd(20)}  ${p.desc}`);
  }
  lines.push('', 'Flags:', ...formatFlags({ ...command.flags, ...GLOBAL_FLAGS }));
  return lines.join('\n');
}

function formatFlags(flags: Record<string, FlagSpec>): string[] {
  const rows = Object.entries(flags).map(([name, flag]) => {
    const short = flag.short ? `-${flag.short}, ` : '';
    const value = flag.type === 'string' ? ` ${flag.value}` : '';
    const dflt = 'multiple' in flag ? ' (repeatable)' : flag.type === 'string' && flag.default !== undefined ? ` (default: ${flag.default})` : '';
    return [`${short}--${name}${value}`, `${flag.desc}${dflt}`] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

// Turns argv into (command, flags, positionals) from the command table, with node's own
// strict parser: an unknown flag or a missing value is a UsageError (exit 2). Only the command
// named on the line is loaded (its flags live in its own file).
import { parseArgs } from 'node:util';
import type { CommandEntry, CommandSpec, FlagSpecs } from './command-spec.ts';
import { GLOBAL_FLAGS } from './global-flags.ts';
import { usageLine } from './help.ts';
import { UsageError } from './usage-error.ts';

export type ParsedCommandLine =
  | { kind: 'help'; command?: CommandSpec }
  | { kind: 'version' }
  | { kind: 'run'; command: CommandSpec; flags: Record<string, unknown>; positionals: string[]; debug: boolean };

export async function parseCommandLine(argv: string[], commands: readonly CommandEntry[]): Promise<ParsedCommandLine> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? rest[0] : undefined;
    return { kind: 'help', command: topic ? await findCommand(topic, commands).load() : undefined };
  }
  if (first === '--version' || first === 'version') return { kind: 'version' };
  if (first.startsWith('-')) {
    throw new UsageError(`unknown option "${first}" before a command`, 'cagw <command> [flags]  (cagw --help lists the commands)');
  }
  const command = await findCommand(first, commands).load();
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean; default?: string | boolean | string[] }> = {};
  const allFlags: FlagSpecs = { ...GLOBAL_FLAGS, ...command.flags };
  for (const [name, flag] of Object.entries(allFlags)) {
    options[name] = { type: flag.type, ...(flag.short ? { short: flag.short } : {}) };
    if (flag.type === 'boolean') options[name].default = false;
    else if ('multiple' in flag) Object.assign(options[name], { multiple: true, default: [] });
    else if (flag.default !== undefined) options[name].default = flag.default;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(cleanNodeMessage((e as Error).message), usageLine(command));
  }
  const { help, debug, ...flags } = parsed.values as Record<string, unknown>;
  if (help === true) return { kind: 'help', command };
  const declared = command.positionals ?? [];
  const allowed = declared.at(-1)?.variadic ? Infinity : declared.length;
  if (parsed.positionals.length > allowed) {
    const extra = parsed.positionals[allowed];
    throw new UsageError(`unexpected argument "${extra}" for cagw ${command.name}`, usageLine(command));
  }
  return { kind: 'run', command, flags, positionals: parsed.positionals, debug: debug === true };
}

function findCommand(name: string, commands: readonly CommandEntry[]): CommandEntry {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  throw new UsageError(`unknown command "${name}"`, `cagw <command> [flags]; commands: ${commands.map((c) => c.name).join(', ')}`);
}

// node's messages mention "To specify a positional argument starting with a '-'…": keep the first sentence.
function cleanNodeMessage(message: string): string {
  return message.split('. ')[0]!.replace(/^Unknown option/, 'unknown option').replace(/'/g, '"');
}

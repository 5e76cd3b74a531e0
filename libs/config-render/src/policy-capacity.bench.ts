// `nx run config-render:bench`: prints how many group policies (3-model allowlist, 2 denied
// tools each) fit CloudFormation's 4,096-byte parameter once packed. The original fitted about 5.
import { PARAMETER_LIMIT_BYTES } from './byte-budget.ts';
import { maxGroupPoliciesThatFit } from './policy-capacity.ts';
import { renderInputFixture } from './render-input.fixture.ts';

const started = performance.now();
const { count, packedBytes } = maxGroupPoliciesThatFit(renderInputFixture());
const seconds = ((performance.now() - started) / 1000).toFixed(1);
process.stdout.write(`group policies that fit: ${count} (packed ${packedBytes} of ${PARAMETER_LIMIT_BYTES} bytes; full profile with telemetry and spend caps; searched in ${seconds}s)\n`);

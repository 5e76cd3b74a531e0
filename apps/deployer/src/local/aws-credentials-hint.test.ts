import { expect, test } from 'vitest';
import { seemsToHaveAwsCredentials } from './aws-credentials-hint.ts';

test('credentials in the environment or an ~/.aws file count; an empty environment and home do not', () => {
  const none = () => false;
  expect(seemsToHaveAwsCredentials({ HOME: '/home/dev' }, none)).toBe(false);
  expect(seemsToHaveAwsCredentials({}, none)).toBe(false);
  expect(seemsToHaveAwsCredentials({ AWS_PROFILE: 'sandbox' }, none)).toBe(true);
  expect(seemsToHaveAwsCredentials({ AWS_ACCESS_KEY_ID: '' }, none)).toBe(false);
  expect(seemsToHaveAwsCredentials({ HOME: '/home/dev' }, (path) => path === '/home/dev/.aws/config')).toBe(true);
});

import { integrationTestConfig } from '../../vitest.shared.ts';
export default integrationTestConfig('strict-cloudformation');

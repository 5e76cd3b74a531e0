import type { Settings } from '@cagw/profile';
import { expectTypeOf, test } from 'vitest';
import type { GatewayRenderInput, GroupPolicy } from './render-input.ts';

test('Settings from @cagw/profile can be passed to the renderer as they are', () => {
  expectTypeOf<Settings>().toExtend<GatewayRenderInput>();
  expectTypeOf<Settings['policies'][number]>().toExtend<GroupPolicy>();
});

import { expect, test } from 'vitest';
import { managedSettingsJson, renderManagedSettings } from './render-managed-settings.ts';

test('managed-settings.json forces gateway login at the public URL and merges parent settings', () => {
  expect(renderManagedSettings({ publicUrl: 'https://claude-gateway.example.com' })).toEqual({
    forceLoginMethod: 'gateway',
    forceLoginGatewayUrl: 'https://claude-gateway.example.com',
    parentSettingsBehavior: 'merge',
  });
  expect(JSON.parse(managedSettingsJson({ publicUrl: 'https://gw.internal' })).forceLoginGatewayUrl).toBe('https://gw.internal');
});

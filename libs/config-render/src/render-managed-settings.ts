// The managed-settings.json every developer machine needs: the login keys cannot be pushed by
// the gateway, they are honoured only from a managed source on the device (gateway-config.md §7.6).
export interface ManagedSettings {
  forceLoginMethod: 'gateway';
  forceLoginGatewayUrl: string;
  parentSettingsBehavior: 'merge';
}

export function renderManagedSettings(input: { readonly publicUrl: string }): ManagedSettings {
  return { forceLoginMethod: 'gateway', forceLoginGatewayUrl: input.publicUrl, parentSettingsBehavior: 'merge' };
}

/** The file's text, as written to /etc/claude-code/managed-settings.json. */
export function managedSettingsJson(input: { readonly publicUrl: string }): string {
  return `${JSON.stringify(renderManagedSettings(input), null, 2)}\n`;
}

// Where Claude Code reads managed-settings.json on each OS (gateway-config.md §7.6). A macOS
// plist or Windows HKLM policy replaces the file, so the three keys belong there if one is used.
export const MANAGED_SETTINGS_PATHS: readonly { os: string; path: string }[] = [
  { os: 'Linux and WSL', path: '/etc/claude-code/managed-settings.json' },
  { os: 'macOS', path: '/Library/Application Support/ClaudeCode/managed-settings.json' },
  { os: 'Windows', path: 'C:\\Program Files\\ClaudeCode\\managed-settings.json' },
];

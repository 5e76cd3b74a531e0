// Every cagw command, in the order `cagw --help` lists them. One file per command.
import type { CommandSpec } from '../cli/command-spec.ts';
import { profileCommand } from './profile.ts';
import { renderCommand } from './render.ts';
import { validateCommand } from './validate.ts';
import { localCommand } from './local.ts';
import { dashboardsCommand } from './dashboards.ts';
import { lintTemplatesCommand } from './lint-templates.ts';
import { preflightCommand } from './preflight.ts';
import { planCommand } from './plan.ts';
import { deployCommand } from './deploy.ts';
import { gatewayCommand } from './gateway.ts';
import { statusCommand } from './status.ts';
import { destroyCommand } from './destroy.ts';
import { clientSettingsCommand } from './client-settings.ts';

export const commands: CommandSpec[] = [
  profileCommand,
  renderCommand,
  validateCommand,
  localCommand,
  dashboardsCommand,
  lintTemplatesCommand,
  preflightCommand,
  planCommand,
  deployCommand,
  gatewayCommand,
  statusCommand,
  destroyCommand,
  clientSettingsCommand,
];

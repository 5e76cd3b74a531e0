// Every alarm of a deployment, in the order the template and the previews list them.
import type { ObservabilityInput } from './observability-input.ts';
import { gatewayAlarms } from './gateway-alarms.ts';
import { spendAlarms, type AlarmSet } from './spend-alarms.ts';

export function buildAlarms(input: ObservabilityInput): AlarmSet {
  const spend = spendAlarms(input);
  const gateway = gatewayAlarms(input);
  return { alarms: [...spend.alarms, ...gateway.alarms], notes: [...spend.notes, ...gateway.notes] };
}

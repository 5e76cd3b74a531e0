// The names of the dashboards `cagw deploy` puts in place (PutDashboard) for a profile, from the
// same @cagw/observability builder deploy uses, so destroy deletes exactly what deploy made.
import { buildDashboards, expectedResourceNames, observabilityInputFromSettings, type ObservabilitySettings } from '@cagw/observability';

export function deploymentDashboardNames(settings: ObservabilitySettings): string[] {
  const input = observabilityInputFromSettings(settings);
  return buildDashboards(input, expectedResourceNames(input)).map((d) => d.name);
}

// The gateway version cagw is tested with; the workspace installs exactly this one.
export const PINNED_GATEWAY_VERSION = '2.1.330';

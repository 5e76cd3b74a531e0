// A step makes values for stacks without being a stack (the image, the certificates). It is
// asked first whether its result already exists, so a re-run reuses it instead of making it
// again (an immutable image tag, the VPN and self-signed certificates).
export interface StepRunner {
  /** the outputs when they exist already; no side effects */
  find(inputs: Record<string, string>): Promise<Record<string, string> | undefined>;
  /** makes the outputs */
  run(inputs: Record<string, string>, signal?: AbortSignal): Promise<Record<string, string>>;
}

// Polls a condition until it holds or the time is up: for tests that wait on another process
// (a port closing, a file appearing). Returns whether it held, checking once more at the end.
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return check();
}

// The one way tests wait for something another process or the dispatcher will make true. The limit
// only guards against a hang and is not a timing assertion: the error says what never happened.
export async function waitFor<T>(probe: () => T | undefined | null | false, opts: { what: string; timeoutMs?: number; everyMs?: number }): Promise<T> {
  const { what, timeoutMs = 20_000, everyMs = 20 } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until `done()` holds (the sandbox delivers webhooks on its own time), failing after `ms` with what was awaited. */
export async function until(what: string, done: () => boolean, ms = 10_000): Promise<void> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > ms) throw new Error(`Waited ${ms} ms for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

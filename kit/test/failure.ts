/**
 * What a rejected Zapier operation showed the user, for the kit's and the connectors' tests alike:
 * Zapier's errors carry `{message, code, status}` or `{message, delay}` as JSON in `message`.
 */
export interface Failure {
  name: string;
  /** The message a user sees. */
  message: string;
  code?: string;
  status?: number;
  delay?: number;
}

/** The error a run ends with, unpacked; fails the test when the run succeeds. */
export async function failure(promise: Promise<unknown>): Promise<Failure> {
  try {
    await promise;
  } catch (error) {
    const { name, message } = error as Error;
    try {
      const parsed = JSON.parse(message) as Omit<Failure, 'name'> | null;
      if (parsed && typeof parsed.message === 'string') return { ...parsed, name };
    } catch {
      // a plain message
    }
    return { name, message };
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

/**
 * Runs `work` again while it fails with an error `isTransient` accepts (a race another session or
 * cluster node won), a few times with a short random pause; any other error, or the last one, is
 * the caller's. Only for idempotent work: a read, a create-if-missing.
 */
export async function retryWhile<T>(work: () => Promise<T>, isTransient: (error: unknown) => boolean, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 50));
    }
  }
}

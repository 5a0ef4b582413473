/**
 * Work that runs side by side with a bound: the steps of a parallel block, and a procedure's reads
 * of many servers at once (fifty runbook servers, say), so neither floods the site.
 */

export const neverStop = (): boolean => false;

/**
 * Calls `task` for the items in order, at most `limit` at once, starting the next as one
 * finishes, and starting none once `stop` says so. Resolves, once none is running, to whether
 * every item was started. A task that throws stops the rest from starting; the first error is
 * thrown only after the running ones finish, so nothing is left running behind the caller.
 */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  stop: () => boolean,
  task: (item: T) => Promise<void>,
): Promise<boolean> {
  const queue = items.values();
  let failure: { error: unknown } | undefined;
  let allStarted = true;
  const worker = async (): Promise<void> => {
    for (let next = queue.next(); !next.done; next = queue.next()) {
      if (failure || stop()) {
        allStarted = false;
        return;
      }
      try {
        await task(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
  return allStarted;
}

/** `each` for every item, at most `limit` at once, the results in the items' order. */
export async function mapInPool<T, R>(items: readonly T[], limit: number, each: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  await inPool(
    items.map((item, index) => ({ item, index })),
    limit,
    neverStop,
    async ({ item, index }) => {
      results[index] = await each(item);
    },
  );
  return results;
}

/** What a promise was rejected with, checked to be of the expected error class so its fields can be asserted. */
export async function failure<E extends Error>(
  running: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
): Promise<E> {
  const error = await running.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof type)) throw new Error(`expected a ${type.name}, got ${String(error)}`);
  return error;
}

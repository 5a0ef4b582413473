/** A read that several checks of one Summary share is made once, when the first of them needs it. */
export function readOnce<T>(read: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => (pending ??= read());
}

/** A size as the pages and checks show it: gigabytes with one decimal, as Explorer shows a drive's free space. */
export function gigabytes(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

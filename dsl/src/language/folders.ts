/** The folder part of a URI's path, with a trailing slash. */
export function folderOf(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * Of items that live in files, the one in the deepest folder that contains `path`: a catalogue's settings
 * apply to the files below them, so two catalogues (or a catalogue and the examples) can sit side by side.
 */
export function nearestByFolder<T>(items: Iterable<T>, pathOf: (item: T) => string, path: string): T | undefined {
  let best: T | undefined;
  let bestDepth = -1;
  for (const item of items) {
    const folder = folderOf(pathOf(item));
    if (path.startsWith(folder) && folder.length > bestDepth) {
      best = item;
      bestDepth = folder.length;
    }
  }
  return best;
}

/** Whether two files share a scope: one's folder contains the other's. */
export function sameScope(a: string, b: string): boolean {
  const fa = folderOf(a);
  const fb = folderOf(b);
  return fa.startsWith(fb) || fb.startsWith(fa);
}

/**
 * Langium 4.4's parser library calls Object.groupBy and Map.groupBy (Chromium 117+): older browser kernels, such as
 * those of some domestic browsers on government desktops, lack them. Loaded first in the language server's worker.
 */
type Group = <K, T>(items: Iterable<T>, key: (item: T, index: number) => K) => unknown;

function groups<K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  let index = 0;
  for (const item of items) {
    const k = key(item, index++);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

const objectWith = Object as unknown as { groupBy?: Group };
const mapWith = Map as unknown as { groupBy?: Group };
objectWith.groupBy ??= (items, key) => Object.fromEntries(groups(items, key));
mapWith.groupBy ??= groups;
export {};

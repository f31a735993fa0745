import { Refusal } from './refusal.ts';

/** A page of a list ordered newest first by (time, id): `cursor` is where the previous page stopped. */
export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

export interface Cursor {
  at: string;
  id: string;
}

/** The cursor of a page request as SQL parameters ([time, id], both null for the first page). */
export function cursorParams(page: PageRequest): [string | null, string | null] {
  if (!page.cursor) return [null, null];
  const match = /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)~([0-9a-f-]{36})$/.exec(page.cursor);
  if (!match || Number.isNaN(Date.parse(match[1]!)))
    throw new Refusal('invalid', 'page.cursor', '分页游标无效，请从第一页重新查看。');
  return [match[1]!, match[2]!];
}

/** The cursor for the page after `items`, when the page was full. */
export function nextCursor<T>(items: T[], limit: number, key: (item: T) => Cursor): string | undefined {
  const last = items.at(-1);
  if (!last || items.length < limit) return undefined;
  const k = key(last);
  return `${k.at}~${k.id}`;
}

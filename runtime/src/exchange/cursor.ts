/**
 * A position in the feed: the inserting transaction's id, the source (0 case event, 1 supervision event) and the
 * row's id. Items are ordered by this triple, and only rows of transactions older than every transaction still
 * running are served, so a row committed late can never land behind a position a consumer already passed.
 */
export interface Position {
  xid: number;
  source: 0 | 1;
  id: number;
}

/** Before the first item: where a consumer without a cursor starts. */
export const feedStart: Position = { xid: 0, source: 0, id: 0 };

/** `v1.<xid>.<source>.<id>` in base64url: opaque to consumers, stable across processes and restarts. */
export function encodeCursor(p: Position): string {
  return Buffer.from(`v1.${p.xid}.${p.source}.${p.id}`).toString('base64url');
}

/** The position a cursor stands for, or undefined when it is not one this feed handed out. */
export function decodeCursor(cursor: string): Position | undefined {
  const match = /^v1\.(\d{1,15})\.([01])\.(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) return undefined;
  return { xid: Number(match[1]), source: Number(match[2]) as 0 | 1, id: Number(match[3]) };
}

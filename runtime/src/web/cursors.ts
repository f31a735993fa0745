import { ApiError } from './errors.ts';
import { instantInRange } from './schemas.ts';

/** The inbox's cursor: the id of the last message seen. */
export function inboxCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  if (!/^\d{1,15}$/.test(cursor)) throw new ApiError(400, 'request.invalid', '分页游标无效。');
  return Number(cursor);
}

/** A list's time cursor: the ISO instant the previous page stopped at. */
export function cursorTime(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const instant = instantInRange(cursor);
  if (!instant) throw new ApiError(400, 'request.invalid', '分页游标无效。');
  return instant;
}

/** Data exchange: the case and supervision feed read by cursor, and the daily export of case records. */
export { decodeCursor, encodeCursor, feedStart } from './cursor.ts';
export { readFeed } from './feed.ts';
export { dailyExport } from './daily-export.ts';

/** Data exchange: the case and supervision feed read by cursor, webhooks that push it, and the daily export. */
export { decodeCursor, encodeCursor, feedStart } from './cursor.ts';
export { readFeed } from './feed.ts';
export { dailyExport } from './daily-export.ts';
export { exchangeJsonSchema, FeedItem, FeedPage, WebhookBody, webhookKinds } from './schema.ts';
export { createSubscription, deliveryLog, disableSubscription, listSubscriptions } from './webhooks.ts';
export {
  attemptDeliveries,
  maxWebhookAttempts,
  queueDeliveries,
  retryDelaysMs,
  signature,
  webhookChore,
  type WebhookOptions
} from './webhook-delivery.ts';
export { checkWebhookUrl, type WebhookUrlPolicy } from './webhook-url.ts';

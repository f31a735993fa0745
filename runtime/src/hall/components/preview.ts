import { createContext } from 'hono/jsx';

/**
 * Set while a page renders as the studio's preview of a matter that is not live yet: the words of the banner the
 * layout then shows (and screen readers read), e.g. "草稿预览 · 尚未发布". Null on every real hall page.
 */
export const PreviewBanner = createContext<string | null>(null);

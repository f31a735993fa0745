// A static single-page app: nothing renders on the server; the shell is prerendered and every other path falls
// back to 200.html, served by the runtime.
export const ssr = false;
export const prerender = true;
export const trailingSlash = 'never';

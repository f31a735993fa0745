// The editor reads its matter from the query (?code=…), so the page itself is one static file.
export const prerender = true;

/**
 * The answers of a rate limit (429, and the 503 nginx's limit_req sends by default): they come
 * before the application sees the request, so they show nothing of what a probe asks about.
 */
export const LIMITED_STATUSES: ReadonlySet<number> = new Set([429, 503]);

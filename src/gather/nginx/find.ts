import { posix } from 'node:path';

/** Far more than any project holds; it bounds the work on a folder given by mistake. */
export const MAX_CANDIDATES = 200;

/** Extensions nginx files go by, including the official Docker image's envsubst templates. */
const NGINX_FILE = /\.(conf|nginx|vhost|conf\.template|nginx\.template)$/;
/** Debian's layout names site files without an extension. */
const SITE_FOLDER = /(^|\/)(sites-available|sites-enabled)\/[^/]+$/;

/**
 * A block or directive only nginx writes, at the start of a line. It tells an nginx file from
 * the many other `.conf` files a project holds (supervisor, fail2ban, redis).
 */
const NGINX_SYNTAX = new RegExp(
  [
    String.raw`^\s*(server|http|events)\s*\{`,
    String.raw`^\s*(location|upstream)\s+[^;{]*\{`,
    String.raw`^\s*(listen|server_name|proxy_pass|fastcgi_pass|uwsgi_pass|add_header|limit_req_zone|limit_req|ssl_protocols|ssl_certificate)\s[^;]*;`,
  ].join('|'),
  'm',
);

export function looksLikeNginx(text: string): boolean {
  return NGINX_SYNTAX.test(text);
}

/**
 * The project's nginx files: every nginx.conf, and files with an nginx-like name whose text
 * reads as nginx. Dotfiles are left out: nginx's own globs skip them, and configurations such
 * as h5bp's disable a file by its leading dot.
 */
export function findNginxCandidates(
  paths: readonly string[],
  read: (path: string) => string | undefined,
): string[] {
  const found: string[] = [];
  for (const path of paths) {
    const name = posix.basename(path);
    if (name.startsWith('.')) continue;
    const named = name === 'nginx.conf';
    if (!named && !NGINX_FILE.test(name) && !SITE_FOLDER.test(path)) continue;
    if (!named && !looksLikeNginx(read(path) ?? '')) continue;
    found.push(path);
    if (found.length >= MAX_CANDIDATES) break;
  }
  return found;
}

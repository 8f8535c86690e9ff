/**
 * Last-line redaction of values shown to people (hover rows). The extractors mark a site's password
 * span and nothing copies its text; but a malformed string can put a password where another value is
 * expected, as the driver itself would read it: `user= password=x` makes libpq's user `password=x`
 * (it skips white space after `=`), and `postgres://u@server:x@host` (an unencoded `@` in the user
 * name) puts `server:x@host` where the host is. Shown values pass through here.
 */
const MASK = '•••';

/** `password=…`, `pwd=…`, `passwd=…` (quoted or not), in any case. */
const KEYED = /(password|passwd|pwd)(\s*[=:]\s*)('[^']*'?|"[^"]*"?|[^\s;&,)]+)/gi;
/** `name:secret@` user information. */
const USERINFO = /:[^:@/\s]*@/g;

export function redactShown(value: string): string {
  if (!/[@=:]/.test(value)) return value;
  return value.replace(KEYED, (_m, key: string, sep: string) => `${key}${sep}${MASK}`).replace(USERINFO, `:${MASK}@`);
}

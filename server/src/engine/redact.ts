/**
 * Last-line redaction of values shown to people (hover rows). The extractors mark a site's password
 * span and nothing copies its text; but a malformed string can put a password where another value is
 * expected, as the driver itself would read it: `user= password=x` makes libpq's user `password=x`
 * (it skips white space after `=`), and `postgres://u@server:x@host` (an unencoded `@` in the user
 * name) puts `server:x@host` where the host is, and a value cut short can hold `sqlserver://u:secret`
 * without its `@`. Shown values, messages and fix titles pass through here.
 */
const MASK = '•••';

/** `password=…`, `pwd=…`, `passwd=…` (quoted or not), in any case. */
const KEYED = /(password|passwd|pwd)(\s*[=:]\s*)('[^']*'?|"[^"]*"?|[^\s;&,)]+)/gi;
/** `name:secret@` user information. */
const USERINFO = /:[^:@/\s]*@/g;
/**
 * `scheme://name:secret` cut before its `@` (or without one): what follows the `:` is shown only when
 * it is a port (digits, then the end of the authority).
 */
const URL_USER_NO_AT = /(:\/\/(?!\[)[^/:@\s;?#]*:)(?!\d{1,5}(?:[/?#,;\s]|$))[^/@\s;?#]+/g;

export function redactShown(value: string): string {
  // Each expression only where its literal part is (messages of every version pass here).
  let out = value;
  if (PASSWORD_WORD.test(out)) out = maskKeyed(out);
  if (out.includes('@')) out = out.replace(USERINFO, `:${MASK}@`);
  if (out.includes('://')) out = out.replace(URL_USER_NO_AT, `$1${MASK}`);
  return out;
}

const PASSWORD_WORD = /passw|pwd/i;

/**
 * Masks the value of every `password=…`-like pair, the pairs inside another's value included: in
 * `password:', password: 'secret'` the first value is the quoted `', password: '`, and the second
 * pair's value overlaps its end. The values' ranges are merged, then each masked once.
 */
function maskKeyed(s: string): string {
  const spans: [number, number][] = [];
  KEYED.lastIndex = 0;
  for (let m = KEYED.exec(s); m; m = KEYED.exec(s)) {
    const from = m.index + m[1]!.length + m[2]!.length;
    const to = m.index + m[0].length;
    const last = spans[spans.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else spans.push([from, to]);
    // Look for a key inside this value too.
    KEYED.lastIndex = from;
  }
  let out = '';
  let at = 0;
  for (const [from, to] of spans) {
    out += s.slice(at, from) + MASK;
    at = to;
  }
  return out + s.slice(at);
}

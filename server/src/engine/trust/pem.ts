/**
 * PEM text: any number of `-----BEGIN x-----` … `-----END x-----` blocks, read leniently (CRLF,
 * indentation, literal `\n` sequences, a missing END or BEGIN line, text around the blocks) while
 * every departure from what OpenSSL reads is reported on the block's span.
 *
 * OpenSSL 3's CA-file loader (X509_load_cert_crl_file, used by libpq) was checked against each case:
 * an indented BEGIN line is not seen (the block is skipped), indented base64 lines make the whole
 * file fail, a one-line or `\n`-escaped block is not read, CRLF and text outside blocks are fine.
 */
import * as l10n from '@vscode/l10n';
import { LineIndex } from '../text';
import type { Span } from '../types';
import { certFromDer, certLabel } from './cert';
import { Collector } from './collect';
import { readPkcs7Certificates } from './pkcs7';
import { describeDer } from './sniff';

// Bounded repetitions: no backtracking blow-up on long runs of dashes or letters.
const MARKER = /(-{2,10})[ \t]*(BEGIN|END)[ \t]+([A-Za-z0-9][A-Za-z0-9 .#_/]{0,60}?)[ \t]{0,10}(-{2,10})/g;
const MAX_MARKERS = 20_000;
const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'X.509 CERTIFICATE']);
const KEY_LABEL = /PRIVATE KEY$/;
const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

interface Marker {
  kind: 'BEGIN' | 'END';
  label: string;
  start: number;
  end: number;
  dashesOk: boolean;
}

/** Line lookups over the engine's LineIndex, in the 1-based terms this reader reports. */
class Lines {
  private readonly index: LineIndex;
  constructor(text: string) {
    this.index = new LineIndex(text);
  }
  /** 1-based line of an offset. */
  line(offset: number): number {
    return this.index.positionAt(offset).line + 1;
  }
  lineStart(offset: number): number {
    return this.index.lineStart(this.index.positionAt(offset).line);
  }
  lineEnd(offset: number): number {
    return Math.max(this.index.lineEnd(this.index.positionAt(offset).line), offset);
  }
}

interface BodyLine {
  text: string;
  start: number;
  /** Starts with spaces or tabs on a line of its own. */
  indented: boolean;
}

/** Splits a region into lines on real line breaks and on literal `\n` / `\r\n` sequences. */
function bodyLines(text: string, from: number, to: number): { lines: BodyLine[]; escaped: boolean } {
  const lines: BodyLine[] = [];
  const re = /\r\n|\r|\n|\\r\\n|\\n/g;
  re.lastIndex = from;
  let escaped = false;
  let pos = from;
  let afterRealBreak = false;
  const push = (s: number, e: number, atLineStart: boolean) => {
    const raw = text.slice(s, e);
    const trimmed = raw.trim();
    if (trimmed) lines.push({ text: trimmed, start: s + raw.indexOf(trimmed[0]!), indented: atLineStart && /^[ \t]/.test(raw) });
  };
  while (pos < to) {
    const m = re.exec(text);
    if (!m || m.index >= to) {
      push(pos, to, afterRealBreak);
      break;
    }
    push(pos, m.index, afterRealBreak);
    if (m[0].startsWith('\\')) escaped = true;
    afterRealBreak = !m[0].startsWith('\\');
    pos = m.index + m[0].length;
  }
  return { lines, escaped };
}

export interface PemOutcome {
  /** BEGIN/END markers (or a bare base64 certificate) were found. */
  pem: boolean;
  blocks: number;
  /** Labels of the blocks that are not certificates, e.g. PRIVATE KEY. */
  otherLabels: string[];
}

export function readPem(text: string, out: Collector): PemOutcome {
  const lines = new Lines(text);
  const markers: Marker[] = [];
  MARKER.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MARKER.exec(text)) && markers.length < MAX_MARKERS) {
    markers.push({ kind: m[2] as 'BEGIN' | 'END', label: m[3]!.toUpperCase(), start: m.index, end: m.index + m[0].length, dashesOk: m[1]!.length === 5 && m[4]!.length === 5 });
  }
  const outcome: PemOutcome = { pem: markers.length > 0, blocks: 0, otherLabels: [] };
  let escapedReported = false;
  let boundary = 0; // end of the last block handled
  let open: { marker: Marker; block: number; defects: string[] } | undefined;

  const lineNo = (offset: number) => lines.line(offset);

  const decodeBody = (block: number, from: number, to: number, defects: string[]): Uint8Array | undefined => {
    const { lines: body, escaped } = bodyLines(text, from, to);
    if (escaped && !escapedReported) {
      escapedReported = true;
      out.problem('pem-escaped-newlines', 'error', l10n.t('block {0} is written with literal \\n sequences instead of line breaks: read here as line breaks, but OpenSSL cannot read it', block), { start: from, end: to });
      defects.push('pem-escaped-newlines');
    }
    let i = 0;
    if (body[0] && /^[A-Za-z-]+:/.test(body[0].text)) while (i < body.length && /^[A-Za-z-]+:|^\s/.test(body[i]!.text)) i++; // RFC 1421 headers
    // Only when OpenSSL sees the block at all (an indented BEGIN line makes it skip the body).
    const indented = defects.includes('pem-indented') || defects.includes('pem-not-at-line-start') ? undefined : body.slice(i).find((l) => l.indented);
    if (indented) {
      out.problem('pem-indented-base64', 'error', l10n.t('block {0} has indented base64 lines (line {1}): OpenSSL then fails to load the whole file', block, lineNo(indented.start)), { start: indented.start, end: indented.start + indented.text.length });
      defects.push('pem-indented-base64');
    }
    let b64 = '';
    for (let k = i; k < body.length; k++) {
      const l = body[k]!;
      const compact = l.text.replace(/[ \t]+/g, '');
      if (!BASE64_LINE.test(compact) || (compact.includes('=') && k < body.length - 1)) {
        const bad = /[^A-Za-z0-9+/=\s]/.exec(l.text);
        const col = (bad ? bad.index : l.text.indexOf('=')) + l.start - lines.lineStart(l.start) + 1;
        const where = { start: l.start, end: l.start + l.text.length };
        if (bad) out.problem('pem-bad-base64', 'error', l10n.t("block {0}: base64 is corrupt at line {1}, column {2} (character '{3}')", block, lineNo(l.start), col, bad[0]), where);
        else out.problem('pem-bad-base64', 'error', l10n.t("block {0}: base64 is corrupt at line {1}, column {2} (padding '=' before the last line)", block, lineNo(l.start), col), where);
        defects.push('pem-bad-base64');
        return undefined;
      }
      b64 += compact;
    }
    if (b64.length === 0) {
      out.problem('pem-empty-block', 'error', l10n.t('block {0} is empty', block), { start: from, end: to });
      defects.push('pem-empty-block');
      return undefined;
    }
    return new Uint8Array(Buffer.from(b64, 'base64'));
  };

  const handleBlock = (block: number, label: string, span: Span, bodyFrom: number, bodyTo: number, defects: string[]) => {
    outcome.blocks++;
    const isCert = CERT_LABELS.has(label) || label === 'TRUSTED CERTIFICATE';
    if (!isCert) outcome.otherLabels.push(label);
    if (KEY_LABEL.test(label)) {
      out.problem('pem-private-key', 'warning', l10n.t('block {0} is a private key ({1}), skipped: a private key does not belong in a trust file', block, label), span);
      return;
    }
    if (label === 'CERTIFICATE REQUEST' || label === 'NEW CERTIFICATE REQUEST') {
      out.problem('pem-csr', 'warning', l10n.t('block {0} is a certificate signing request ({1}), not a certificate: skipped', block, label), span);
      return;
    }
    if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') {
      out.problem('pem-public-key', 'warning', l10n.t('block {0} is a bare public key ({1}), not a certificate: skipped', block, label), span);
      return;
    }
    if (label === 'X509 CRL') {
      out.problem('pem-crl', 'info', l10n.t('block {0} is a certificate revocation list: skipped', block), span);
      return;
    }
    if (label === 'PKCS7' || label === 'CMS') {
      const der = decodeBody(block, bodyFrom, bodyTo, defects);
      const certs = der ? readPkcs7Certificates(der) : [];
      out.problem('pem-pkcs7', 'warning', certs.length === 0
          ? l10n.t('block {0} is a PKCS#7 bundle: OpenSSL does not read it from a trust file; convert it with `openssl pkcs7 -print_certs`', block)
          : certs.length === 1
            ? l10n.t('block {0} is a PKCS#7 bundle of 1 certificate: OpenSSL does not read it from a trust file; convert it with `openssl pkcs7 -print_certs`', block)
            : l10n.t('block {0} is a PKCS#7 bundle of {1} certificates: OpenSSL does not read it from a trust file; convert it with `openssl pkcs7 -print_certs`', block, certs.length), span);
      return;
    }
    if (!isCert) {
      const known = /PARAMETERS$/.test(label);
      out.problem(known ? 'pem-other-block' : 'pem-unknown-block', known ? 'info' : 'warning', l10n.t('block {0} is {1}, not a certificate: skipped', block, label), span);
      return;
    }
    const der = decodeBody(block, bodyFrom, bodyTo, defects);
    if (!der || out.full) return;
    const res = certFromDer(der, out.certificates.length, out.memo);
    if (!res.ok) {
      if (res.truncated) {
        out.problem('pem-truncated', 'error', l10n.t('block {0} is truncated: the certificate needs {1} bytes, its base64 gives {2}', block, res.truncated.needed, res.truncated.available), span);
        return;
      }
      const d = describeDer(der);
      if (d.kind !== 'certificate' && d.kind !== 'unknown') out.problem('pem-not-a-certificate', 'error', l10n.t('block {0} is labelled {1} but holds {2}', block, label, d.description), span);
      else out.problem('pem-invalid-certificate', 'error', l10n.t('block {0} is not a valid X.509 certificate: {1}', block, res.error), span);
      return;
    }
    const cert = res.cert;
    cert.block = block;
    cert.span = span;
    if (label === 'TRUSTED CERTIFICATE') {
      out.problem('pem-trusted-certificate', 'info', l10n.t("block {0} is in OpenSSL's TRUSTED CERTIFICATE form: its certificate {1} is read, its trust settings are not evaluated", block, certLabel(cert)), span);
    } else if (res.trailing > 0) {
      out.problem('pem-trailing-bytes', 'info', l10n.t('block {0} has {1} bytes after its certificate', block, res.trailing), span);
    }
    if (defects.length) cert.defects = [...defects];
    out.certificates.push(cert);
  };

  /** A run of base64 lines in [from, to) with no BEGIN line, decoded if it is a certificate. */
  const bareRun = (from: number, to: number, endMarker?: Marker): boolean => {
    const { lines: ls } = bodyLines(text, from, to);
    let k = ls.length;
    if (endMarker) while (k > 0 && BASE64_LINE.test(ls[k - 1]!.text)) k--;
    else {
      // the longest run of base64 lines
      let best: [number, number] = [0, 0];
      for (let a = 0; a < ls.length; ) {
        let b = a;
        while (b < ls.length && BASE64_LINE.test(ls[b]!.text)) b++;
        if (b - a > best[1] - best[0]) best = [a, b];
        a = b === a ? a + 1 : b;
      }
      if (best[1] - best[0] < 2) return false;
      ls.length = best[1];
      k = best[0];
    }
    const run = ls.slice(k);
    if (run.length === 0) return false;
    const runStart = run[0]!.start;
    const last = run[run.length - 1]!;
    const der = new Uint8Array(Buffer.from(run.map((l) => l.text).join(''), 'base64'));
    const res = certFromDer(der, out.certificates.length, out.memo);
    if (!endMarker && !res.ok) return false;
    const block = outcome.blocks + 1;
    outcome.blocks++;
    const span = { start: runStart, end: endMarker ? endMarker.end : last.start + last.text.length };
    if (!res.ok) {
      const what = describeDer(der).description;
      out.problem(
        'pem-no-begin',
        'error',
        endMarker
          ? l10n.t('block {0} has no BEGIN line and do not decode to a certificate ({1})', block, what)
          : l10n.t('lines {0}–{1} are base64 without BEGIN/END lines and do not decode to a certificate ({2})', lineNo(runStart), lineNo(last.start), what),
        span,
      );
      return true;
    }
    out.problem(
      'pem-no-begin',
      'error',
      endMarker
        ? l10n.t('block {0} has no BEGIN line: it decodes to the certificate {1}, which OpenSSL skips', block, certLabel(res.cert))
        : l10n.t('lines {0}–{1} are base64 without BEGIN/END lines: it decodes to the certificate {2}, which OpenSSL skips', lineNo(runStart), lineNo(last.start), certLabel(res.cert)),
      span,
    );
    if (!out.full) {
      res.cert.block = block;
      res.cert.span = span;
      res.cert.defects = ['pem-no-begin'];
      out.certificates.push(res.cert);
    }
    return true;
  };

  let blockNo = 0;
  const closeOpenWithoutEnd = (until: number, nextBegin: boolean) => {
    const o = open!;
    open = undefined;
    let end = until;
    while (end > o.marker.end && /\s/.test(text[end - 1]!)) end--;
    const span = { start: o.marker.start, end };
    out.problem('pem-no-end', 'error', nextBegin ? l10n.t('block {0} has no END line: OpenSSL reads on into the next block and loses it', o.block) : l10n.t('block {0} has no END line ({1})', o.block, `-----END ${o.marker.label}-----`), span);
    handleBlock(o.block, o.marker.label, span, o.marker.end, end, ['pem-no-end']);
    boundary = end;
  };

  for (const mk of markers) {
    if (!mk.dashesOk) {
      out.problem('pem-bad-marker', 'error', l10n.t('line {0}: the {1} line needs exactly five dashes on each side', lineNo(mk.start), mk.kind), { start: mk.start, end: mk.end });
    }
    if (mk.kind === 'BEGIN') {
      if (open) closeOpenWithoutEnd(mk.start, true);
      else if (mk.start > boundary) bareRun(boundary, mk.start);
      blockNo = outcome.blocks + 1;
      open = { marker: mk, block: blockNo, defects: [] };
      const prefix = text.slice(lines.lineStart(mk.start), mk.start);
      // On a line written with literal \n sequences, pem-escaped-newlines says it all.
      const escapedLine = text.slice(lines.lineStart(mk.start), lines.lineEnd(mk.start)).includes('\\n');
      if (prefix && !escapedLine) {
        if (/^[ \t]+$/.test(prefix)) {
          out.problem('pem-indented', 'error', l10n.t('block {0} is indented: OpenSSL does not see an indented BEGIN line and skips the block', blockNo), { start: mk.start, end: mk.end });
          open.defects.push('pem-indented');
        } else {
          open.defects.push('pem-not-at-line-start');
          out.problem('pem-not-at-line-start', 'error', l10n.t('block {0}: the BEGIN line starts with other text ("{1}"): OpenSSL skips the block', blockNo, prefix.trim().slice(0, 40)), { start: mk.start, end: mk.end });
        }
      }
      const rest = text.slice(mk.end, lines.lineEnd(mk.end));
      if (rest.trim() && !escapedLine) {
        out.problem('pem-one-line', 'error', l10n.t('block {0} is on one line: OpenSSL needs the BEGIN line, the base64 lines and the END line on lines of their own', blockNo), { start: mk.start, end: Math.min(text.length, lines.lineEnd(mk.end)) });
      }
      continue;
    }
    // END
    if (!open) {
      if (!bareRun(boundary, mk.start, mk)) out.problem('pem-stray-end', 'warning', l10n.t('line {0}: an END line with no block before it', lineNo(mk.start)), { start: mk.start, end: mk.end });
      boundary = mk.end;
      continue;
    }
    const o = open;
    open = undefined;
    const defects: string[] = [...o.defects];
    if (mk.label !== o.marker.label) {
      out.problem('pem-end-mismatch', 'error', l10n.t('block {0} begins with BEGIN {1} but ends with END {2}', o.block, o.marker.label, mk.label), { start: mk.start, end: mk.end });
      defects.push('pem-end-mismatch');
    }
    const prefix = text.slice(lines.lineStart(mk.start), mk.start);
    const sameLine = lines.line(mk.start) === lines.line(o.marker.start);
    if (prefix.trim() && !sameLine && !prefix.includes('\\n') && !/^[A-Za-z0-9+/=\s]*$/.test(prefix)) {
      out.problem('pem-not-at-line-start', 'error', l10n.t('block {0}: the END line starts with other text: OpenSSL cannot read the block', o.block), { start: mk.start, end: mk.end });
    }
    handleBlock(o.block, o.marker.label, { start: o.marker.start, end: mk.end }, o.marker.end, mk.start, defects);
    boundary = mk.end;
  }
  if (open) closeOpenWithoutEnd(text.length, false);
  else if (boundary < text.length && text.slice(boundary).trim()) {
    if (outcome.pem && !bareRun(boundary, text.length)) {
      let s = boundary;
      while (s < text.length && /\s/.test(text[s]!)) s++;
      let e = text.length;
      while (e > s && /\s/.test(text[e - 1]!)) e--;
      // Closing quotes and separators of a PEM copied out of a string literal are not worth a note.
      if (e - s > 0 && !/^(["',;]|\\n|\\r)*$/.test(text.slice(s, e))) out.problem('pem-trailing-text', 'info', l10n.t('text after the last END line (line {0}) is ignored', lineNo(s)), { start: s, end: e });
    }
  }
  if (outcome.blocks > 0) outcome.pem = true;
  return outcome;
}

/** A whole text that is one certificate in base64 with no BEGIN/END lines at all. */
export function readBareBase64(text: string, out: Collector): boolean {
  const compact = text.replace(/\\r\\n|\\n|\s+/g, '');
  if (compact.length < 64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return false;
  const der = new Uint8Array(Buffer.from(compact, 'base64'));
  const res = certFromDer(der, 0);
  let s = 0;
  while (s < text.length && /\s/.test(text[s]!)) s++;
  const span = { start: s, end: text.trimEnd().length };
  if (!res.ok) {
    const d = describeDer(der);
    if (d.kind === 'unknown' && !res.truncated) return false;
    out.problem(res.truncated ? 'pem-truncated' : 'pem-no-begin', 'error', res.truncated ? l10n.t('the file is base64 without BEGIN/END lines, and the certificate in it is truncated ({0} bytes needed, {1} given)', res.truncated.needed, res.truncated.available) : l10n.t('the file is base64 without BEGIN/END lines holding {0}', d.description), span);
    return true;
  }
  out.problem('pem-no-begin', 'error', l10n.t('the file is base64 without BEGIN/END lines: it decodes to the certificate {0}, which OpenSSL does not read without its -----BEGIN CERTIFICATE----- line', certLabel(res.cert)), span);
  res.cert.block = 1;
  res.cert.span = span;
  res.cert.defects = ['pem-no-begin'];
  out.certificates.push(res.cert);
  return true;
}

/** Building site drafts from entries of code (keyword arguments, dict / array entries). */
import type { Region } from '../../../scan';
import { toSource } from '../../../scan';
import type { HostSpec, Insertion, Param, SiteKind, Span } from '../../../types';
import { isDynamic, sourceSpan } from '../../common';
import type { parseConninfo } from '../../keyvalue';
import { parseHostList, type SiteDraft } from '../../uri';
import type { Code, Entry, ListInfo, ValueRef } from './code';

/** Beyond this size a container is not a site's span; the entry that matters is. */
export const MAX_CONTAINER_SPAN = 20_000;

/** A param from an entry: its key token's range, its value's range, and the entry with one comma to remove it. */
export function entryParam(code: Code, list: ListInfo | undefined, e: Entry, key: string, ref: ValueRef): Param {
  const p: Param = {
    key,
    value: ref.value,
    keySpan: e.keyTok ? { start: e.keyTok.start, end: e.keyTok.end } : { start: e.start, end: e.start },
    valueSpan: ref.span,
    removeSpan: list ? entryRemoveSpan(code, list, e) : { start: e.start, end: e.end },
    dynamic: ref.dynamic,
  };
  if (ref.fallbackOf !== undefined) p.fallbackOf = ref.fallbackOf;
  return p;
}

/** The entry and the comma after it (the one before it for the last entry). */
function entryRemoveSpan(code: Code, list: ListInfo, e: Entry): Span {
  const i = list.entries.indexOf(e);
  const next = list.entries[i + 1];
  if (next) return { start: e.start, end: next.start };
  const prev = list.entries[i - 1];
  if (prev) return { start: prev.end, end: e.end };
  // The only entry: a trailing comma goes too.
  const after = code.next(e.end, list.close);
  return { start: e.start, end: code.isPunct(after, ',') ? after.end : e.end };
}

/** A host from a value: the literal (or the default of an environment lookup), else `${…}` (unknown here). */
export function hostOf(ref: ValueRef, port?: ValueRef): HostSpec[] {
  const host = ref.dynamic ? (ref.value.startsWith('${') ? ref.value : '${…}') : ref.value;
  if (!ref.dynamic && host === '') return [];
  const spec: HostSpec = { host };
  if (port && !port.dynamic && port.value !== '') spec.port = port.value;
  return [spec];
}

/**
 * Where a new `key: 'value'` / `key='value'` entry goes in a list: after its last entry (before a
 * trailing comma), or inside an empty list. `quote` is the quote of the literals around.
 */
export function listInsertion(_code: Code, list: ListInfo, style: 'kwarg' | 'dict' | 'arrow', quote: string, wrap?: { before: string; after: string }): Insertion {
  const last = list.entries[list.entries.length - 1];
  const offset = last ? last.end : list.open + 1;
  const sep = last ? ', ' : '';
  const before = wrap?.before ?? '';
  const after = wrap?.after ?? '';
  switch (style) {
    case 'kwarg':
      return { offset, prefix: `${sep}${before}`, assign: `=${quote}`, suffix: `${quote}${after}` };
    case 'dict':
      return { offset, prefix: `${sep}${before}${quote}`, assign: `${quote}: ${quote}`, suffix: `${quote}${after}` };
    default:
      return { offset, prefix: `${sep}${before}${quote}`, assign: `${quote} => ${quote}`, suffix: `${quote}${after}` };
  }
}

/** A draft of kind `call` for entries of code. */
export function callDraft(span: Span, params: Param[], hosts: HostSpec[], escape: Region['escape'], extra: Partial<SiteDraft> = {}): SiteDraft {
  return { kind: 'call', span, params, hosts, escape, ...extra };
}

/** The container's whole range, or the anchor when the container is too large to be a useful span. */
export function containerSpan(list: ListInfo, anchor: Span): Span {
  const whole = { start: list.open, end: list.close + 1 };
  return whole.end - whole.start > MAX_CONTAINER_SPAN ? anchor : whole;
}

type Pair = NonNullable<ReturnType<typeof parseConninfo>>[number];

/**
 * A keyword/value draft from conninfo pairs of a string region (`sep`: the separator written between
 * pairs, for insertions: a space, or `;` for PDO DSNs).
 */
export function conninfoDraft(region: Region, pairs: Pair[], kind: SiteKind, sep: string): SiteDraft {
  const params: Param[] = pairs.map((p, i) => {
    const prev = pairs[i - 1];
    const next = pairs[i + 1];
    const removeSpan = i > 0 ? sourceSpan(region, prev!.pairEnd, p.pairEnd) : sourceSpan(region, p.keyStart, next ? next.keyStart : p.pairEnd);
    return {
      key: p.key,
      value: p.value,
      keySpan: sourceSpan(region, p.keyStart, p.keyEnd),
      valueSpan: sourceSpan(region, p.valueStart, p.valueEnd),
      removeSpan,
      dynamic: isDynamic(region.text.slice(p.valueStart, p.valueEnd)),
    };
  });
  const first = pairs[0]!;
  const last = pairs[pairs.length - 1]!;
  const site: SiteDraft = {
    kind,
    span: sourceSpan(region, first.keyStart, last.pairEnd),
    params,
    hosts: [],
    escape: region.escape,
    insertion: { offset: toSource(region, last.pairEnd), prefix: sep, suffix: '', assign: '=' },
  };
  for (const p of params) {
    if (p.key === 'host' || (p.key === 'hostaddr' && site.hosts.length === 0)) site.hosts = parseHostList(p.value, true);
    if (p.key === 'user') site.user = p.value;
    if (p.key === 'dbname') site.database = p.value;
    if (p.key === 'password') site.passwordSpan = p.valueSpan;
  }
  return site;
}

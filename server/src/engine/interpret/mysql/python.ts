/**
 * PyMySQL and MySQL Connector/Python.
 *
 * PyMySQL (PyMySQL/PyMySQL 0305ab3, 1.2.0; pymysql/connections.py Connection.__init__ and _create_ssl_ctx):
 * - ssl_disabled (truthy) → no TLS.
 * - If any of ssl_ca, ssl_cert, ssl_key, ssl_verify_cert, ssl_verify_identity is truthy, the `ssl`
 *   argument is replaced by {ca: ssl_ca, check_hostname: bool(ssl_verify_identity), verify_mode:
 *   ssl_verify_cert if not None else False}.
 * - _create_ssl_ctx(dict): create_default_context(cafile=ca, capath=capath); hasnoca = no ca and no
 *   capath; check_hostname = not hasnoca and dict.get('check_hostname', True); verify_mode: absent →
 *   CERT_NONE if hasnoca else CERT_REQUIRED; a bool → REQUIRED/NONE; a string none/0/false/no → NONE,
 *   optional → OPTIONAL, required/1/true/yes → REQUIRED. Python refuses CERT_NONE with check_hostname
 *   (ValueError). An ssl.SSLContext is used as is.
 * - 1.2.0 (2026-05-19, #1213/#1234): with no TLS option, TLS is used when the server offers it
 *   (PREFERRED, unverified); with one, TLS is required. Up to 1.1.x: no option → no TLS, and a
 *   configured TLS still falls back to plaintext when the server does not offer it.
 * - SQLAlchemy mysql+pymysql (lib/sqlalchemy/dialects/mysql/mysqldb.py create_connect_args,
 *   sqlalchemy f35da7e): URL query ssl_ca/ssl_key/ssl_cert/ssl_capath/ssl_cipher/ssl_check_hostname
 *   go into the `ssl` dict without their prefix (check_hostname as a bool); the other query values are
 *   passed as strings; connect_args are applied over them.
 *
 * MySQL Connector/Python (mysql/mysql-connector-python 8.3.0: constants.py DEFAULT_CONFIGURATION,
 * abstracts.py, network.py build_ssl_context, src/mysql_capi.c):
 * - Defaults ssl_disabled False, ssl_verify_cert False, ssl_verify_identity False: TLS when the server
 *   offers it (connection.py falls back to plaintext unless verify_cert), and no verification.
 * - Pure Python: CERT_REQUIRED with ssl_verify_cert, CERT_OPTIONAL (client: same) with only
 *   ssl_verify_identity, else CERT_NONE; check_hostname = ssl_verify_identity; load_default_certs()
 *   then ssl_ca: the system store plus the file.
 * - C extension (the default when installed, use_pure=False): TLS only when ssl_disabled is the bool
 *   False; SSL_MODE_VERIFY_IDENTITY when ssl_verify_identity is True; with ssl_verify_cert alone no
 *   mode is set, and the CA is passed only when one of the two is True.
 * - SQLAlchemy mysql+mysqlconnector (mysqlconnector.py create_connect_args): ssl_verify_cert is
 *   coerced to a bool, the other query values stay strings.
 */
import * as l10n from '@vscode/l10n';
import type { Param, Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { setPolicy } from '../policy';
import { anyCaServer, impersonate, plaintext, startMysql } from './common';
import { table } from '../../table';

/** A keyword argument's Python value. */
type PV =
  | { t: 'bool'; v: boolean; p?: Param }
  | { t: 'none'; p?: Param }
  | { t: 'str'; v: string; p?: Param }
  | { t: 'num'; v: number; p?: Param }
  | { t: 'dict'; entries: Map<string, PV>; spread: boolean; p?: Param }
  | { t: 'ctx'; cafile?: Param | null; p?: Param }
  | { t: 'dyn'; p?: Param };

const PYMYSQL_DICT_KEYS = ['ca', 'capath', 'cert', 'key', 'password', 'cipher', 'check_hostname', 'verify_mode'];
const SA_SSL_KEYS = table<string>({ ssl_ca: 'ca', ssl_key: 'key', ssl_cert: 'cert', ssl_capath: 'capath', ssl_cipher: 'cipher', ssl_check_hostname: 'check_hostname' });
function pmTodo(): string {
  return l10n.t("Use ssl_ca='<root CA of your server or provider>' with ssl_verify_cert=True and ssl_verify_identity=True (or ssl={'ca': '<root CA>'}).");
}

function mcTodo(): string {
  return l10n.t('Use ssl_verify_cert=True and ssl_verify_identity=True, with ssl_ca naming the root CA of your server or provider when it is not publicly trusted.');
}

function pythonStore(): string {
  return l10n.t("Python's default CA store (the system's)");
}

function asbool(s: string): boolean | undefined {
  const v = s.trim().toLowerCase();
  if (['true', 'yes', 'on', 'y', 't', '1'].includes(v)) return true;
  if (['false', 'no', 'off', 'n', 'f', '0'].includes(v)) return false;
  return undefined;
}

/** The Python value of a param: literals as written in code; URL values are strings. */
function pv(p: Param, fromUrl: boolean): PV {
  if (p.dynamic) return p.value.startsWith('context') ? ctxOf(p) : { t: 'dyn', p };
  if (fromUrl) return { t: 'str', v: JSON.parse(p.value) as string, p };
  const v = p.value;
  if (v === 'True' || v === 'False') return { t: 'bool', v: v === 'True', p };
  if (v === 'None') return { t: 'none', p };
  if (v === 'dict') return { t: 'dict', entries: new Map(), spread: false, p };
  if (v.startsWith('context')) return ctxOf(p);
  if (v.startsWith('"')) return { t: 'str', v: JSON.parse(v) as string, p };
  if (/^[0-9.]+$/.test(v)) return { t: 'num', v: Number(v), p };
  return { t: 'dyn', p };
}

function ctxOf(p: Param): PV {
  if (p.value === 'context') return { t: 'ctx', cafile: null, p };
  if (p.value === 'context:?') return { t: 'dyn', p };
  const path = JSON.parse(p.value.slice('context:'.length)) as string;
  return { t: 'ctx', cafile: { ...p, key: 'cafile', value: path }, p };
}

function truthy(v: PV | undefined): boolean | undefined {
  if (!v) return false;
  switch (v.t) {
    case 'bool':
      return v.v;
    case 'none':
      return false;
    case 'str':
      return v.v !== '';
    case 'num':
      return v.v !== 0;
    case 'dict':
      return v.entries.size > 0 || v.spread ? (v.spread ? undefined : true) : false;
    case 'ctx':
      return true;
    default:
      return undefined;
  }
}

/** The keyword arguments the DBAPI receives: URL query (SQLAlchemy), then keyword arguments / connect_args. */
function kwargs(site: Site, dialect: 'pymysql' | 'connector'): { args: Map<string, PV>; spread?: Param } {
  const args = new Map<string, PV>();
  let spread: Param | undefined;
  const urlParams = site.kind === 'uri' ? site.params.map((p) => ({ ...p, value: JSON.stringify(p.value) })) : site.params.filter((p) => p.key.startsWith('url.')).map((p) => ({ ...p, key: p.key.slice(4) }));
  // SQLAlchemy: the URL query first.
  const ssl: PV = { t: 'dict', entries: new Map(), spread: false };
  for (const p of urlParams) {
    if (dialect === 'pymysql' && SA_SSL_KEYS[p.key]) {
      const inner = SA_SSL_KEYS[p.key]!;
      let v: PV = pv(p, true);
      if (inner === 'check_hostname' && v.t === 'str') {
        const b = asbool(v.v);
        v = b === undefined ? { t: 'dyn', p } : { t: 'bool', v: b, p };
      }
      ssl.entries.set(inner, v);
      continue;
    }
    let v = pv(p, true);
    if (dialect === 'connector' && p.key === 'ssl_verify_cert' && v.t === 'str') {
      const b = asbool(v.v);
      v = b === undefined ? { t: 'dyn', p } : { t: 'bool', v: b, p };
    }
    args.set(p.key, v);
  }
  if (ssl.entries.size) args.set('ssl', ssl);
  // Keyword arguments (or connect_args), over the URL's.
  for (const p of site.params) {
    if (site.kind === 'uri' || p.key.startsWith('url.')) continue;
    if (p.key === '**') {
      spread = p;
      continue;
    }
    const dot = p.key.indexOf('.');
    if (dot > 0) {
      const outer = args.get(p.key.slice(0, dot));
      if (outer?.t === 'dict') {
        const inner = p.key.slice(dot + 1);
        if (inner === '**') outer.spread = true;
        else outer.entries.set(inner, pv(p, false));
      }
      continue;
    }
    args.set(p.key, pv(p, false));
  }
  return spread ? { args, spread } : { args };
}

/** A dict argument reads as `ssl={…}` in messages, which point at its keyword. */
function label(p: Param | undefined): Param | undefined {
  return p && p.value === 'dict' ? { ...p, value: '{…}', valueSpan: p.keySpan } : p;
}

function hostUnknown(site: Site): boolean {
  return site.hosts.length === 0;
}

// ---------------------------------------------------------------------------------------------------
// PyMySQL

export function interpretPymysql(site: Site): Policy {
  const { args, spread } = kwargs(site, 'pymysql');
  const policy = startMysql('pymysql', site, { modeApplied: 'PREFERRED', modeKey: l10n.t('ssl options'), hostUnknown: hostUnknown(site) });
  const notes = policy.notes;
  notes.push(l10n.t('Read as PyMySQL 1.2 (May 2026). Up to 1.1.x, PyMySQL uses no TLS unless an ssl option is given, and falls back to plaintext when the server does not offer TLS even when one is.'));
  const dyn = (why: string): Policy => {
    policy.dynamic = true;
    notes.push(why);
    return policy;
  };
  if (spread) return dyn(l10n.t('The arguments include **kwargs (or connect_args built elsewhere), which may set TLS options: no verdict is given.'));
  if (args.get('read_default_file')) return dyn(l10n.t('read_default_file may set ssl-* options from a MySQL option file: no verdict is given.'));
  if (site.fragment) return policy;

  const disabled = args.get('ssl_disabled');
  const d = truthy(disabled);
  if (d === undefined) return dyn(l10n.t('ssl_disabled is decided at run time.'));
  if (d) {
    policy.modeParam = disabled!.p;
    policy.modeApplied = l10n.t('no TLS (ssl_disabled)');
    const what =
      disabled!.t === 'str'
        ? l10n.t('PyMySQL connects without TLS (ssl_disabled is the non-empty string {0}, which is true), so {1}.', JSON.stringify((disabled as { v: string }).v), plaintext())
        : l10n.t('PyMySQL connects without TLS (ssl_disabled), so {0}.', plaintext());
    policy.explain = { weak: sentences(what, pmTodo()) };
    return setPolicy(policy, 'never', 'no', 'no');
  }

  const topKeys = ['ssl_ca', 'ssl_cert', 'ssl_key', 'ssl_verify_cert', 'ssl_verify_identity'];
  const top = topKeys.map((k) => args.get(k));
  if (top.some((v) => v !== undefined && truthy(v) === undefined)) return dyn(l10n.t('A TLS option is decided at run time.'));
  const useTop = top.some((v) => truthy(v) === true);
  const sslArg = args.get('ssl');
  let sslp: PV | undefined;
  let fromTop = false;
  if (useTop) {
    fromTop = true;
    const ca = args.get('ssl_ca');
    const vc = args.get('ssl_verify_cert');
    const vi = args.get('ssl_verify_identity');
    const entries = new Map<string, PV>();
    entries.set('ca', ca ?? { t: 'none' });
    entries.set('check_hostname', { t: 'bool', v: truthy(vi) === true, ...(vi?.p ? { p: vi.p } : {}) });
    entries.set('verify_mode', vc && vc.t !== 'none' ? vc : { t: 'bool', v: false });
    sslp = { t: 'dict', entries, spread: false };
    if (sslArg && truthy(sslArg) !== false) notes.push(l10n.t('The ssl argument is ignored: PyMySQL replaces it when any of ssl_ca, ssl_cert, ssl_key, ssl_verify_cert, ssl_verify_identity is set.'));
  } else sslp = sslArg;

  const s = truthy(sslp);
  if (s === undefined) return dyn(l10n.t('The ssl argument (an SSLContext or dict built elsewhere) is not visible here: no verdict is given.'));
  if (!s) {
    policy.modeApplied = l10n.t('PREFERRED (TLS if the server offers it, not verified)');
    if (sslArg) policy.modeParam = label(sslArg.p);
    policy.explain = {
      weak: sentences(
        sslArg
          ? l10n.t('PyMySQL 1.2 treats an empty ssl argument as no TLS option: it uses TLS only when the server offers it and verifies nothing (older versions use no TLS at all), so {0}.', impersonate())
          : l10n.t('PyMySQL 1.2 uses TLS only when the server offers it and verifies nothing (older versions use no TLS at all), so {0}.', impersonate()),
        pmTodo(),
      ),
    };
    return setPolicy(policy, 'maybe', 'no', 'no');
  }
  policy.encrypts = 'always';
  notes.push(l10n.t('With a TLS option PyMySQL 1.2 requires TLS: a server that does not offer it fails the connection.'));

  if (sslp!.t === 'ctx') {
    policy.modeParam = sslp!.p;
    policy.modeApplied = l10n.t('{0} (CERT_REQUIRED, check_hostname)', 'ssl.create_default_context()');
    const cafile = sslp!.cafile;
    if (cafile) policy.trust = { kind: 'file', path: cafile.value, param: cafile };
    else policy.trust = { kind: 'node-default', description: l10n.t("Python's default CA store (the system's, create_default_context without cafile)") };
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  if (sslp!.t !== 'dict') return dyn(l10n.t('The ssl argument is not a dict literal.'));
  const dict = sslp!;
  if (dict.spread) return dyn(l10n.t('The ssl dict spreads another dict: no verdict is given.'));
  for (const k of dict.entries.keys()) {
    if (!PYMYSQL_DICT_KEYS.includes(k)) {
      const reads = PYMYSQL_DICT_KEYS.map((x) => `'${x}'`).join(', ');
      notes.push(
        k.startsWith('ssl_') && PYMYSQL_DICT_KEYS.includes(k.slice(4))
          ? l10n.t('PyMySQL ignores {0} in the ssl dict (it reads {1}): write {2}.', `'${k}'`, reads, `'${k.slice(4)}'`)
          : l10n.t('PyMySQL ignores {0} in the ssl dict (it reads {1}).', `'${k}'`, reads),
      );
    }
  }
  const ca = dict.entries.get('ca');
  const capath = dict.entries.get('capath');
  const caSet = (ca !== undefined && ca.t !== 'none') || (capath !== undefined && capath.t !== 'none');
  if ((ca && ca.t === 'dyn') || (capath && capath.t === 'dyn')) {
    if (!fromTop || ca?.t === 'dyn') return dyn(l10n.t('The CA is decided at run time.'));
  }
  const hasnoca = !caSet;
  const ch = dict.entries.get('check_hostname');
  const chTruth = ch === undefined ? true : truthy(ch);
  if (chTruth === undefined) return dyn(l10n.t('check_hostname is decided at run time.'));
  const checkHostname = !hasnoca && chTruth;
  const vm = dict.entries.get('verify_mode');
  let verify: boolean;
  if (vm === undefined || vm.t === 'none') verify = !hasnoca;
  else if (vm.t === 'bool') verify = vm.v;
  else if (vm.t === 'str') {
    const v = vm.v.toLowerCase();
    verify = ['none', '0', 'false', 'no'].includes(v) ? false : ['optional', 'required', '1', 'true', 'yes'].includes(v) ? true : !hasnoca;
  } else if (vm.t === 'num') verify = !hasnoca;
  else return dyn(l10n.t('verify_mode is decided at run time.'));

  if (checkHostname && !verify) {
    policy.encrypts = 'unknown';
    policy.rejected = l10n.t('PyMySQL sets check_hostname before verify_mode = CERT_NONE, and Python refuses that (ValueError: Cannot set verify_mode to CERT_NONE when check_hostname is enabled): the connection fails');
    notes.push(l10n.t('{0}. Add ssl_verify_cert=True.', policy.rejected));
    return policy;
  }
  if (ca && ca.t === 'str' && ca.p) policy.trust = { kind: 'file', path: ca.v, param: ca.p };
  else if (verify && hasnoca) policy.trust = { kind: 'node-default', description: pythonStore() };

  const caWord = fromTop ? 'ssl_ca' : "'ca'";
  if (!verify) {
    const vcArg = args.get('ssl_verify_cert');
    const explicit = fromTop ? (vcArg?.t === 'bool' && !vcArg.v ? vcArg.p : vcArg?.t === 'str' ? vcArg.p : undefined) : vm?.p && (vm.t === 'bool' || vm.t === 'str') ? vm.p : undefined;
    policy.modeApplied = l10n.t('TLS without certificate verification ({0})', 'CERT_NONE');
    const trap = !fromTop && !caSet && dict.entries.has('ssl_ca');
    if (explicit) {
      policy.modeParam = explicit;
      policy.disabledBy = { param: explicit, what: `${explicit.key.replace(/^url\./, '')}=${explicit.value}` };
      policy.explain = { disabled: sentences(l10n.t('PyMySQL encrypts but accepts any certificate (CERT_NONE), so {0}.', impersonate()), pmTodo()) };
      return setPolicy(policy, 'always', 'no', 'no');
    }
    policy.modeParam = fromTop ? (args.get('ssl_ca')?.p ?? args.get('ssl_verify_identity')?.p ?? args.get('ssl_cert')?.p) : label(sslArg?.p);
    const why = fromTop
      ? args.get('ssl_verify_identity')
        ? l10n.t('ssl_verify_cert is not True, so PyMySQL builds its context with verify_mode False (CERT_NONE); ssl_verify_identity without a CA checks nothing either')
        : l10n.t('ssl_verify_cert is not True, so PyMySQL builds its context with verify_mode False (CERT_NONE)')
      : l10n.t("the ssl dict has no 'ca' (or 'capath'), so PyMySQL uses CERT_NONE");
    let weak = l10n.t("PyMySQL encrypts but does not verify the server's certificate: {0}.", why);
    if (trap) weak = sentences(weak, l10n.t("The dict's 'ssl_ca' key is not read: PyMySQL expects 'ca'."));
    weak = sentences(weak, l10n.t('Anyone on the network path can impersonate the server.'));
    policy.explain = { weak: sentences(weak, pmTodo()) };
    return setPolicy(policy, 'always', 'no', 'no');
  }
  policy.modeApplied = checkHostname ? l10n.t('TLS, chain and host name verified') : l10n.t('TLS, chain verified, host name not checked');
  if (checkHostname) return setPolicy(policy, 'always', 'yes', 'yes');
  policy.modeParam = fromTop ? (args.get('ssl_verify_identity')?.p ?? args.get('ssl_verify_cert')?.p) : (ch?.p ?? label(sslArg?.p));
  const why = hasnoca
    ? l10n.t('PyMySQL checks the host name only when a CA file is given ({0})', caWord)
    : fromTop
      ? l10n.t('PyMySQL checks the host name only with ssl_verify_identity=True')
      : ch?.p?.value.startsWith('"')
        ? l10n.t('the URL sets ssl_check_hostname=false')
        : l10n.t('the ssl dict sets check_hostname to false');
  const chUrl = ch?.p !== undefined && ch.p.value.startsWith('"');
  const todo = hasnoca
    ? l10n.t('Give {0} the root CA of your server or provider.', caWord)
    : fromTop
      ? l10n.t('Add {0}.', 'ssl_verify_identity=True')
      : chUrl
        ? l10n.t('Remove {0}.', 'ssl_check_hostname=false')
        : l10n.t('Remove {0}.', "'check_hostname': False");
  policy.explain = { noHost: sentences(l10n.t('{0}, so it verifies the certificate chain but not the host name: {1}.', why, anyCaServer()), todo) };
  return setPolicy(policy, 'always', 'yes', 'no');
}

// ---------------------------------------------------------------------------------------------------
// MySQL Connector/Python

export function interpretConnectorPython(site: Site): Policy {
  const { args, spread } = kwargs(site, 'connector');
  const policy = startMysql('mysql-connector-python', site, { modeApplied: 'PREFERRED', modeKey: l10n.t('ssl options'), hostUnknown: hostUnknown(site) });
  const notes = policy.notes;
  notes.push(l10n.t('Read as MySQL Connector/Python 8.3 with its C extension (the default when installed); the pure-Python implementation differs where noted.'));
  const dyn = (why: string): Policy => {
    policy.dynamic = true;
    notes.push(why);
    return policy;
  };
  if (spread) return dyn(l10n.t('The arguments include **kwargs (or connect_args built elsewhere), which may set TLS options: no verdict is given.'));
  if (args.get('option_files')) return dyn(l10n.t('option_files may set ssl options from a MySQL option file: no verdict is given.'));
  if (site.fragment) return policy;
  const disabled = args.get('ssl_disabled');
  if (disabled && (disabled.t === 'dyn' || disabled.t === 'dict' || disabled.t === 'ctx')) return dyn(l10n.t('ssl_disabled is decided at run time.'));
  // C extension: TLS only when ssl_disabled is the bool False (its default).
  if (disabled && !(disabled.t === 'bool' && !disabled.v)) {
    policy.modeParam = disabled.p;
    policy.modeApplied = l10n.t('no TLS (ssl_disabled)');
    const what =
      disabled.t === 'bool'
        ? l10n.t('{0} connects without TLS, so {1}.', 'MySQL Connector/Python', plaintext())
        : disabled.t === 'str'
          ? l10n.t(
              'MySQL Connector/Python connects without TLS (the C extension enables TLS only when ssl_disabled is the bool False; a string disables it, and so does any non-empty string in the pure-Python implementation), so {0}.',
              plaintext(),
            )
          : l10n.t('MySQL Connector/Python connects without TLS (the C extension enables TLS only when ssl_disabled is the bool False; None disables it), so {0}.', plaintext());
    policy.explain = { weak: sentences(what, mcTodo()) };
    return setPolicy(policy, 'never', 'no', 'no');
  }
  const vc = args.get('ssl_verify_cert');
  const vi = args.get('ssl_verify_identity');
  if ((vc && truthy(vc) === undefined) || (vi && truthy(vi) === undefined)) return dyn(l10n.t('A TLS option is decided at run time.'));
  const verifyCert = vc?.t === 'bool' ? vc.v : false;
  const verifyIdentity = vi?.t === 'bool' ? vi.v : false;
  if (vi && vi.t !== 'bool' && truthy(vi)) {
    notes.push(
      vi.t === 'str'
        ? l10n.t('ssl_verify_identity is a string: the C extension acts only on True (the pure-Python implementation on any true value).')
        : l10n.t('ssl_verify_identity is not a bool: the C extension acts only on True (the pure-Python implementation on any true value).'),
    );
  }
  const ca = args.get('ssl_ca');
  if (ca?.t === 'dyn' && (verifyCert || verifyIdentity)) return dyn(l10n.t('ssl_ca is decided at run time.'));
  if (ca?.t === 'str' && ca.p && (verifyCert || verifyIdentity)) policy.trust = { kind: 'file', path: ca.v, param: ca.p };

  if (verifyIdentity) {
    policy.modeParam = vi!.p;
    policy.modeApplied = 'VERIFY_IDENTITY';
    if (!verifyCert) notes.push(l10n.t('The pure-Python implementation falls back to plaintext when the server does not offer TLS unless ssl_verify_cert=True is also set.'));
    if (!ca) policy.trust = { kind: 'node-default', description: pythonStore() };
    return setPolicy(policy, 'always', 'yes', 'yes');
  }
  if (verifyCert) {
    policy.modeParam = vc!.p;
    policy.modeApplied = l10n.t('{0} without {1}', 'ssl_verify_cert', 'ssl_verify_identity');
    notes.push(
      l10n.t(
        'UNVERIFIED for the C extension: with ssl_verify_cert alone it sets no SSL mode (mysql_capi.c), so whether libmysqlclient verifies the chain is not established here; the pure-Python implementation verifies the chain (CERT_REQUIRED) but not the host name.',
      ),
    );
    policy.explain = { noHost: l10n.t('MySQL Connector/Python checks the host name only with ssl_verify_identity=True, so {0}. Add ssl_verify_identity=True.', anyCaServer()) };
    return setPolicy(policy, 'always', 'yes', 'no');
  }
  policy.modeApplied = l10n.t('PREFERRED (TLS if the server offers it, not verified)');
  if (ca) notes.push(l10n.t('ssl_ca alone is not used: MySQL Connector/Python passes the CA (C extension) or requires the certificate (pure Python) only with ssl_verify_cert or ssl_verify_identity.'));
  if (vc?.t === 'bool' && !vc.v && vc.p) {
    policy.modeParam = vc.p;
    policy.disabledBy = { param: vc.p, what: `${vc.p.key.replace(/^url\./, '')}=${vc.p.value}` };
    policy.explain = { disabled: sentences(l10n.t('MySQL Connector/Python then verifies no certificate (and uses TLS only when the server offers it), so {0}.', impersonate()), mcTodo()) };
    return setPolicy(policy, 'maybe', 'no', 'no');
  }
  policy.modeParam = ca?.p ?? vi?.p;
  policy.explain = {
    weak: sentences(
      ca
        ? l10n.t('MySQL Connector/Python uses TLS only when the server offers it and verifies nothing unless ssl_verify_cert=True (ssl_ca alone is not used), so {0}.', impersonate())
        : l10n.t('MySQL Connector/Python uses TLS only when the server offers it and verifies nothing unless ssl_verify_cert=True, so {0}.', impersonate()),
      mcTodo(),
    ),
  };
  return setPolicy(policy, 'maybe', 'no', 'no');
}


/**
 * pgjdbc settings written as Properties, DataSource setters or HikariCP data source properties (kind
 * 'call'). The semantics are pgjdbc's own (interpret/pgjdbc.ts); this adds what the form implies:
 * - pgjdbc 3a699d5 Driver.parseURL: URL parameters take priority over the Properties given to
 *   DriverManager.getConnection(url, props) ("priority 1 - URL values", "priority 2 - Properties");
 * - Driver.connect copies `info.stringPropertyNames()` only: a Properties value that is not a String
 *   (`props.put("ssl", true)`) is ignored;
 * - BaseDataSource (org.postgresql.ds.common): setters and setUrl write the same properties, the later
 *   call winning; HikariCP DriverDataSource passes its data source properties with the JDBC URL to
 *   Driver.connect (brettwooldridge/HikariCP 01cafff, util/DriverDataSource.java);
 * and the sentences the rules use, with fixes that fit calls (drivers/core.ts delegates to pgjdbcCallFixes).
 */
import * as l10n from '@vscode/l10n';
import { NON_STRING_SUFFIX } from '../../extract/families/jvm/properties';
import type { FixGoal } from '../../drivers/types';
import type { Edit, Fix, Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { interpretPgjdbc } from '../pgjdbc';
import { chainOnly } from '../policy';

function todo(): string {
  return l10n.t('Use {0}=verify-full, with {1} pointing at the root CA of your server or provider.', 'sslmode', 'sslrootcert');
}

export function interpretPgjdbcCall(site: Site): Policy {
  // Without a URL or server name the host is not written here: pgjdbc's localhost default is not assumed.
  const policy = interpretPgjdbc(site.hosts.length > 0 ? site : { ...site, hosts: [{ host: '' }] });
  const notes = policy.notes;
  for (const p of site.params) {
    if (p.key.endsWith(NON_STRING_SUFFIX)) {
      const key = p.key.slice(0, -NON_STRING_SUFFIX.length);
      const use = `setProperty("${key}", "${p.value}")`;
      notes.push(
        p.value === 'true' || p.value === 'false'
          ? l10n.t('{0} is put into the Properties as a Boolean: pgjdbc reads only String properties (Driver.connect copies stringPropertyNames()), so it is ignored. Use {1}.', key, use)
          : l10n.t('{0} is put into the Properties as a non-String value: pgjdbc reads only String properties (Driver.connect copies stringPropertyNames()), so it is ignored. Use {1}.', key, use),
      );
    }
  }
  if (site.fragment) notes.push(l10n.t('The JDBC URL these properties go with is not written here: a parameter it sets takes priority over them.'));
  else notes.push(l10n.t('URL parameters take priority over connection properties of the same name (pgjdbc Driver.parseURL).'));
  if (policy.dynamic || policy.rejected) return policy;
  const explain: NonNullable<Policy['explain']> = {};
  if (policy.disabledBy) {
    explain.disabled = l10n.t(
      'pgjdbc accepts any server certificate, so anyone on the network path can impersonate the server and read the password and data. Remove it and use sslmode=verify-full, with sslrootcert pointing at the root CA of your server or provider.',
    );
  } else if (!(site.fragment && !policy.modeParam)) {
    const dflt = policy.modeWritten ? '' : l10n.t(' ({0} defaults to {1})', 'pgjdbc', 'prefer');
    if (policy.encrypts === 'never') explain.weak = sentences(l10n.t('{0} never uses TLS, so passwords and data cross the network in plaintext.', 'pgjdbc'), todo());
    else if (policy.encrypts === 'maybe') {
      const wire =
        policy.modeApplied === 'allow'
          ? l10n.t("{0} tries plaintext first and uses TLS only if the server demands it{1}, and does not verify the server's certificate: anyone on the network path can read or alter the traffic.", 'pgjdbc', dflt)
          : l10n.t("{0} tries TLS but silently falls back to plaintext{1}, and does not verify the server's certificate: anyone on the network path can read or alter the traffic.", 'pgjdbc', dflt);
      explain.weak = sentences(wire, todo());
    } else if (policy.encrypts === 'always' && policy.verifiesChain === 'no') {
      explain.weak = sentences(l10n.t("pgjdbc encrypts but never verifies the server's certificate (unlike libpq, even when root.crt exists), so anyone on the path can impersonate the server."), todo());
    }
  }
  if (policy.verifiesChain === 'yes' && policy.verifiesHost === 'no') {
    explain.noHost = chainOnly('pgjdbc', '', 'sslmode=verify-full');
  }
  if (Object.keys(explain).length > 0) policy.explain = explain;
  return policy;
}

/** The edit that makes the effective sslmode verify-full: the written value in place, else a new property. */
function modeEdit(site: Site, policy: Policy): Edit | undefined {
  const p = policy.modeParam;
  if (p && p.key === 'sslmode') return { span: p.valueSpan, newText: 'verify-full' };
  const ins = site.insertion;
  if (!ins) return undefined;
  return { span: { start: ins.offset, end: ins.offset }, newText: `${ins.prefix}sslmode${ins.assign}verify-full${ins.suffix}` };
}

export function pgjdbcCallFixes(site: Site, policy: Policy, goal: FixGoal): Fix[] {
  if (goal === 'enable-verification') {
    const factory = policy.disabledBy?.param;
    if (!factory) return [];
    const edits: Edit[] = [{ span: factory.removeSpan, newText: '' }];
    if ((policy.modeWritten ?? '').toLowerCase() !== 'verify-full') {
      const e = modeEdit(site, policy);
      if (e) edits.push(e);
    }
    return [{ title: l10n.t('Remove NonValidatingFactory and set sslmode=verify-full'), edits, preferred: true }];
  }
  const e = modeEdit(site, policy);
  return e ? [{ title: l10n.t('Set {0}', 'sslmode=verify-full'), edits: [e], preferred: true }] : [];
}

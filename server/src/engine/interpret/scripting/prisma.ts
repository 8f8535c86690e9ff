/**
 * Prisma ORM's query engine (Prisma ≤ 6 without a driver adapter; prisma/prisma-engines
 * quaint/src/connector/postgres/url.rs @0d495ae9 parse_query_params, native/mod.rs @004522f9
 * PostgreSql::new):
 * - sslmode: `disable` | `prefer` (default) | `require`; any other value (verify-full, verify-ca, allow)
 *   is logged at debug level and ignored, so prefer applies;
 * - sslaccept: `accept_invalid_certs` (the default) | `strict`; another value means strict. The TLS
 *   connector is built with danger_accept_invalid_certs unless strict: by default nothing is verified;
 * - sslcert: a PEM CA certificate added to the system's roots (not a client certificate as in libpq);
 *   sslidentity / sslpassword: a PKCS#12 client identity;
 * - prefer uses TLS when the server accepts it and plaintext when it refuses (tokio-postgres SslMode::Prefer);
 * - Prisma Client resolves relative paths in the URL from the schema's folder (psl Datasource
 *   load_url_with_config_dir); the CLI from its working directory.
 * With a driver adapter (@prisma/adapter-pg, required by Prisma 7) Prisma Client connects through
 * node-postgres instead, with the pg settings given in code.
 */
import * as l10n from '@vscode/l10n';
import { lastParam } from '../../extract/common';
import type { Policy, Site } from '../../types';
import { sentences } from '../../l10n';
import { setPolicy, startPolicy } from '../policy';

export function prismaTodo(): string {
  return l10n.t('Use sslmode=require&sslaccept=strict, with sslcert pointing at the root CA of your server or provider when it is not publicly trusted.');
}

export function interpretPrisma(site: Site): Policy {
  const env = lastParam(site.params, 'env');
  const mode = lastParam(site.params, 'sslmode');
  const accept = lastParam(site.params, 'sslaccept');
  const cert = lastParam(site.params, 'sslcert');
  const adapter = lastParam(site.params, 'driverAdapter');
  const resolved = env !== undefined && !env.dynamic;
  const policy = startPolicy('prisma', site, {
    modeApplied: 'prefer',
    trust: cert ? { kind: 'file', path: cert.value, param: cert } : { kind: 'node-default', description: l10n.t("the operating system's trust store (native-tls)") },
    dynamic: Boolean((env?.dynamic && !resolved) || mode?.dynamic || accept?.dynamic || cert?.dynamic),
    modeParam: mode,
    modeWritten: mode?.value,
  });
  const notes = policy.notes;
  policy.modeKey = 'sslmode';
  if (env?.dynamic) {
    notes.push(
      l10n.t(
        'The URL is read from the environment variable {0} where Prisma runs. dbtrust reads it from the .env files Prisma loads (at the project root and beside the schema) when it can open them.',
        env.value,
      ),
    );
    policy.modeApplied = l10n.t('set by {0}', env.value);
  } else if (resolved) {
    notes.push(l10n.t('The URL comes from {0}: dbtrust judges the value found there, and offers no fix here (edit it in that file).', env.value));
  }
  if (adapter) {
    notes.push(
      l10n.t(
        'The generator uses a driver adapter: with @prisma/adapter-pg, Prisma Client connects through node-postgres with the pg settings given in code (see their own findings), and this URL serves Prisma Migrate and the CLI.',
      ),
    );
  }
  if (cert) {
    notes.push(
      l10n.t(
        "sslcert is the CA certificate Prisma adds to the system's trust store (in libpq it would be a client certificate). Prisma Client resolves a relative path from the schema's folder, the CLI from its working directory.",
      ),
    );
  }
  if (policy.dynamic) return policy;

  let applied = mode?.value ?? 'prefer';
  if (!['disable', 'prefer', 'require'].includes(applied)) {
    notes.push(l10n.t('Prisma knows sslmode=disable, prefer and require only: it ignores {0} and uses prefer.', `sslmode=${applied}`));
    applied = 'prefer';
  }
  const strict = accept !== undefined && accept.value !== 'accept_invalid_certs';
  if (accept && accept.value !== 'strict' && accept.value !== 'accept_invalid_certs') notes.push(l10n.t('Prisma reads {0} as strict.', `sslaccept=${accept.value}`));
  policy.modeApplied = `${applied}, ${strict ? 'sslaccept=strict' : accept ? 'sslaccept=accept_invalid_certs' : l10n.t('{0} (the default)', 'sslaccept=accept_invalid_certs')}`;
  if (!strict) {
    if (accept) policy.disabledBy = { param: accept, what: 'sslaccept=accept_invalid_certs' };
    else notes.push(l10n.t('No sslaccept: Prisma accepts any certificate (sslaccept=accept_invalid_certs is its default).'));
  }
  policy.explain = {
    disabled: l10n.t(
      'Prisma accepts any server certificate, so anyone on the network path can impersonate the server and read the password and data. Use sslaccept=strict, with sslcert pointing at the root CA of your server or provider when it is not publicly trusted.',
    ),
  };
  switch (applied) {
    case 'disable':
      policy.explain.weak = sentences(l10n.t('{0} connects without TLS, so passwords and data cross the network in plaintext.', 'Prisma'), prismaTodo());
      return setPolicy(policy, 'never', 'no', 'no');
    case 'prefer': {
      // Prisma ignored an unknown sslmode, or sslmode was left to its default; sslaccept may not verify either.
      const ignored = mode !== undefined && mode.value !== applied;
      const unverified = strict ? '' : l10n.t(', and it accepts any certificate (sslaccept defaults to accept_invalid_certs)');
      const what = ignored
        ? l10n.t(
            'Prisma does not know {0} and silently uses prefer: it uses TLS only when the server (or anyone in the path) accepts it and plaintext otherwise{1}, so anyone on the network path can read or alter the traffic.',
            `sslmode=${mode.value}`,
            unverified,
          )
        : mode
          ? l10n.t('Prisma uses TLS only when the server (or anyone in the path) accepts it and plaintext otherwise{0}, so anyone on the network path can read or alter the traffic.', unverified)
          : l10n.t('Prisma uses TLS only when the server (or anyone in the path) accepts it and plaintext otherwise (Prisma defaults to sslmode=prefer){0}, so anyone on the network path can read or alter the traffic.', unverified);
      policy.explain.weak = sentences(what, prismaTodo());
      return setPolicy(policy, 'maybe', 'no', 'no');
    }
    default:
      if (strict) return setPolicy(policy, 'always', 'yes', 'yes');
      policy.explain.weak = l10n.t(
        'Prisma encrypts but accepts any certificate (sslaccept defaults to accept_invalid_certs), so anyone on the network path can impersonate the server. Add sslaccept=strict, with sslcert pointing at the root CA of your server or provider when it is not publicly trusted.',
      );
      return setPolicy(policy, 'always', 'no', 'no');
  }
}

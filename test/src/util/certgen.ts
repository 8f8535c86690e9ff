/**
 * Test certificates made at test time with the openssl CLI (and keytool for Java keystores) in a
 * temporary folder. Nothing here is read from outside the repository.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const CONFIG = `
[ca]
default_ca = CA_default
[CA_default]
dir = .
database = index.txt
new_certs_dir = newcerts
serial = serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
[policy_any]
commonName = supplied
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:db.example.com
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

export type KeySpec = 'rsa' | 'ec384' | 'ec256';

export class CertFactory {
  readonly dir: string;
  private serial = 1;

  constructor() {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dbtrust-certs-'));
    fs.writeFileSync(path.join(this.dir, 'openssl.cnf'), CONFIG);
    fs.writeFileSync(path.join(this.dir, 'index.txt'), '');
    fs.writeFileSync(path.join(this.dir, 'serial'), '1000\n');
    fs.mkdirSync(path.join(this.dir, 'newcerts'));
  }

  run(cmd: string, args: string[]): string {
    return execFileSync(cmd, args, { cwd: this.dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, OPENSSL_CONF: path.join(this.dir, 'openssl.cnf') } }).toString();
  }

  openssl(...args: string[]): string {
    return this.run('openssl', args);
  }

  file(name: string): Buffer {
    return fs.readFileSync(path.join(this.dir, name));
  }

  text(name: string): string {
    return this.file(name).toString('utf8');
  }

  private keyArgs(key: KeySpec): string[] {
    return key === 'rsa' ? ['-newkey', 'rsa:2048'] : ['-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${key === 'ec384' ? 'P-384' : 'P-256'}`];
  }

  /** A self-signed CA: `<name>.pem` and `<name>.key`. */
  root(name: string, cn: string, key: KeySpec = 'rsa'): string {
    this.openssl('req', '-x509', ...this.keyArgs(key), '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-subj', `/CN=${cn}`, '-days', '3650', '-config', 'openssl.cnf', '-extensions', 'v3_ca', '-set_serial', String(this.serial++));
    return this.text(`${name}.pem`);
  }

  /** A key and CSR: `<name>.key`, `<name>.csr` (reusing an existing key when `reuseKey` is given). */
  csr(name: string, cn: string, key: KeySpec = 'rsa', reuseKey?: string): void {
    if (reuseKey) this.openssl('req', '-new', '-key', `${reuseKey}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`, '-config', 'openssl.cnf');
    else this.openssl('req', '-new', ...this.keyArgs(key), '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`, '-config', 'openssl.cnf');
  }

  /**
   * Signs `<name>.csr` with the CA `<issuer>` into `<name>.pem`. Dates as YYYYMMDDHHMMSSZ, via
   * `openssl ca` (OpenSSL 3.0's x509/req have no option for explicit dates).
   */
  sign(name: string, issuer: string, opts: { ca?: boolean; md?: string; start?: string; end?: string } = {}): string {
    const args = ['ca', '-batch', '-config', 'openssl.cnf', '-cert', `${issuer}.pem`, '-keyfile', `${issuer}.key`, '-in', `${name}.csr`, '-out', `${name}.pem`, '-notext', '-extensions', opts.ca ? 'v3_ca' : 'v3_leaf', '-md', opts.md ?? 'sha256'];
    args.push('-startdate', opts.start ?? '20200101000000Z', '-enddate', opts.end ?? '20990101000000Z');
    this.openssl(...args);
    return this.text(`${name}.pem`);
  }

  /** `<name>.key` + `<name>.csr` + `<name>.pem` issued by `<issuer>`. */
  issue(name: string, cn: string, issuer: string, opts: { ca?: boolean; key?: KeySpec; md?: string; start?: string; end?: string; reuseKey?: string } = {}): string {
    this.csr(name, cn, opts.key ?? 'rsa', opts.reuseKey);
    return this.sign(name, issuer, opts);
  }

  der(name: string): Buffer {
    this.openssl('x509', '-in', `${name}.pem`, '-outform', 'DER', '-out', `${name}.der`);
    return this.file(`${name}.der`);
  }

  write(name: string, content: string | Uint8Array): void {
    fs.writeFileSync(path.join(this.dir, name), content);
  }

  cleanup(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export function hasCommand(cmd: string): boolean {
  try {
    execFileSync(cmd, cmd === 'keytool' ? ['-help'] : ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

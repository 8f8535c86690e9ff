/**
 * The provider knowledge base as data. To update it, see docs/providers.md ("Updating the data"):
 * (prose shown to users — notes, reasons, timeline events — is read through getters or functions
 * calling l10n.t, so it comes in the language of the moment it is shown)
 * roots are PEM files under ./roots (turned into ./rootsData.ts by scripts/gen-roots.mjs), everything
 * else is in this file and ./awsLegacyData.ts. Each fact names its source; `UNVERIFIED` marks
 * inferences and facts from secondary material.
 */
import * as l10n from '@vscode/l10n';
import type { AcceptedRootRule, Provider, ProviderId, RetiredCa, RetiredFileName } from './types';

// ---------------------------------------------------------------------------------------------------
// Sources

export const SRC = {
  azureTls:
    'MicrosoftDocs/azure-databases-docs articles/postgresql/security/security-tls.md @0200b8f ' +
    '(https://learn.microsoft.com/azure/postgresql/security/security-tls), VERIFIED',
  azureMysql:
    'Azure Database for MySQL flexible server TLS doc (MicrosoftDocs/azure-databases-docs): same root list as the PostgreSQL doc, VERIFIED per the research notes; exact path not recorded',
  azureBlog:
    'Tech Community blog "Preparing for Azure PostgreSQL Certificate Authority Rotation: A Comprehensive Operational Guide" (techcommunity.microsoft.com, id 4478109), Service Health tracking ID YK3N-7RZ; excerpt only',
  awsSsl: 'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.SSL.html',
  awsRotation: 'awsdocs/amazon-rds-user-guide doc_source/UsingWithRDS.SSL-certificate-rotation.md',
  awsCdk: 'aws-cdk-lib CaCertificate: "@deprecated rds-ca-2019 expired in August, 2024"',
  awsGlobalBundle:
    'https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem; embedded copy: global-bundle.pem committed 2025-09-09 as colindavis787/RxAi:us-east-1-bundle.pem@d3b32ac (108 G1 roots, 36 regions; equality with what AWS served then not checked)',
  awsBundleHistory:
    'seven dated copies of rds-combined-ca-bundle.pem / global-bundle.pem in public repositories (2018-02 to 2025-09); dates are commit dates, not AWS publication dates',
  certValidity: 'the CA certificate itself (notAfter)',
  supabaseCert:
    'prod-ca-2021.crt as committed in juandiegopersonal2007-a11y/veterinaria-la-codorniz@98a27e3 (self-signature verified); Supabase docs not read: UNVERIFIED beyond the certificate',
  gcpCloudSql:
    'UNVERIFIED (secondary): Cloud SQL per-instance server CA (server-ca.pem, "Google Cloud SQL Server CA"), shared/customer-managed CAS modes; Google docs not read',
  neon: 'UNVERIFIED (secondary): Neon serves publicly trusted certificates (Let\'s Encrypt, ISRG Root X1); Neon docs not read',
} as const;

// ---------------------------------------------------------------------------------------------------
// Fingerprints of the CAs named in rules below

export const FP = {
  digicertGlobalRootG2: 'CB:3C:CB:B7:60:31:E5:E0:13:8F:8D:D3:9A:23:F9:DE:47:FF:C3:5E:43:C1:14:4C:EA:27:D4:6A:5A:B1:CB:5F',
  digicertGlobalRootCa: '43:48:A0:E9:44:4C:78:CB:26:5E:05:8D:5E:89:44:B4:D8:4F:96:62:BD:26:DB:25:7F:89:34:A4:43:C7:01:61',
  microsoftRsaRoot2017: 'C7:41:F7:0F:4B:2A:8D:88:BF:2E:71:C1:41:22:EF:53:EF:10:EB:A0:CF:A5:E6:4C:FA:20:F4:18:85:30:73:E0',
  baltimore: '16:AF:57:A9:F6:76:B0:AB:12:60:95:AA:5E:BA:DE:F2:2A:B3:11:19:D6:44:AC:95:CD:4B:93:DB:F3:F2:6A:EB',
  amazonRootCa1: '8E:CD:E6:88:4F:3D:87:B1:12:5B:A3:1A:C3:FC:B1:3D:70:16:DE:7F:57:CC:90:4F:E1:CB:97:C6:AE:98:19:6E',
  amazonRootCa2: '1B:A5:B2:AA:8C:65:40:1A:82:96:01:18:F8:0B:EC:4F:62:30:4D:83:CE:C4:71:3A:19:C3:9C:01:1E:A4:6D:B4',
  amazonRootCa3: '18:CE:6C:FE:7B:F1:4E:60:B2:E3:47:B8:DF:E8:68:CB:31:D0:2E:BB:3A:DA:27:15:69:F5:03:43:B4:6D:B3:A4',
  amazonRootCa4: 'E3:5D:28:41:9E:D0:20:25:CF:A6:90:38:CD:62:39:62:45:8D:A5:C6:95:FB:DE:A3:C2:2B:0B:FB:25:89:70:92',
  starfieldServicesG2: '56:8D:69:05:A2:C8:87:08:A4:B3:02:51:90:ED:CF:ED:B1:97:4A:60:6A:13:C6:E5:29:0F:CB:2A:E6:3E:DA:B5',
  supabaseRoot2021: '80:70:25:AD:50:D4:ED:21:9D:2C:9C:7D:29:9C:00:4F:82:4E:B0:0C:F7:F6:5A:FE:F6:07:D0:7B:72:E6:CA:FA',
  isrgRootX1: '96:BC:EC:06:26:49:76:F3:74:60:77:9A:CF:28:C5:A7:CF:E8:A3:C0:AA:E1:1A:8F:FC:EE:05:C0:BD:DF:08:C6',
} as const;

/**
 * Azure China moves its database servers from DigiCert Global Root CA to DigiCert Global Root G2
 * "after Spring Festival 2026" (security-tls.md gives no day). Spring Festival (Chinese New Year) 2026
 * is 2026-02-17 and the public holiday ends 2026-02-23; the day after is used. UNVERIFIED: the exact day.
 */
export const AZURE_CHINA_ROOT_SWITCH = '2026-02-24';

// ---------------------------------------------------------------------------------------------------
// CAs that are not embedded, known by fingerprint (from the certificate files researched)

/** `note` is a function: it is read in the current language when shown. */
export type KnownRow = readonly [sha256: string, name: string, role: 'root' | 'intermediate', notAfter: string, providers: readonly ProviderId[], note?: () => string];

const AZURE: readonly ProviderId[] = ['azure-postgresql-flexible', 'azure-mysql-flexible'];

/**
 * Every CA of the research set that is not an embedded root and not an AWS RDS CA (those are in
 * rootsData.ts and awsLegacyData.ts). Status is derived (see ./index knownCa).
 */
export const OTHER_KNOWN_CAS: readonly KnownRow[] = [
  ['31:AD:66:48:F8:10:41:38:C7:38:F3:9E:A4:32:01:33:39:3E:3A:18:CC:02:29:6E:F9:7C:2A:C9:EF:67:31:D0', 'DigiCert Global Root G3', 'root', '2038-01-15', AZURE, () => l10n.t('ECC root of the Microsoft Azure ECC TLS Issuing CAs; not a documented root for Azure PostgreSQL/MySQL (RSA chains)')],
  ['35:8D:F3:9D:76:4A:F9:E1:B7:66:E9:C9:72:DF:35:2E:E1:5C:FA:C2:27:AF:6A:D1:D7:0E:8E:4A:6E:DC:BA:02', 'Microsoft ECC Root Certificate Authority 2017', 'root', '2042-07-18', AZURE, () => l10n.t('Microsoft ECC root; not in the PostgreSQL/MySQL root list')],
  [FP.baltimore, 'Baltimore CyberTrust Root', 'root', '2025-05-12', AZURE, () => l10n.t('the old Azure database root (BaltimoreCyberTrustRoot.crt.pem)')],
  ['6A:17:05:83:DB:58:41:51:E1:C4:54:EE:CA:2A:64:CC:5D:8E:48:4A:5B:D1:15:6E:72:0B:44:58:65:4E:E9:E5', 'Microsoft TLS RSA Root G2', 'root', '2040-04-10', AZURE, () => l10n.t('self-signed form of the root in the new Azure chain; servers send the DigiCert-cross-signed form, and Azure documents DigiCert Global Root G2 and Microsoft RSA Root CA 2017 as the roots to trust (whether this self-signed form alone verifies is UNVERIFIED)')],
  ['DD:CD:1E:8A:20:63:8D:4A:AF:F7:20:1B:B1:D5:64:52:AC:D2:C7:59:F1:68:6B:DC:38:F7:3D:D1:57:32:BD:C2', 'Microsoft TLS RSA Root G2 (cross-signed by DigiCert Global Root G2)', 'intermediate', '2029-06-19', AZURE, () => l10n.t('an intermediate in the new Azure chain despite "Root" in its name: DigiCert Global Root G2 -> this -> Microsoft TLS G2 RSA CA OCSP NN -> server')],
  ['EA:7A:25:25:5D:11:1F:C3:CE:4C:B8:FA:BE:3A:DF:9C:27:BB:E6:DB:20:3F:95:50:66:BA:B4:C5:A7:1F:3D:08', 'Microsoft TLS G2 RSA CA OCSP 02', 'intermediate', '2029-06-03', AZURE, () => l10n.t('Azure issuing CA of the new chain (OCSP 02...16)')],
  ['AC:8E:A9:F2:87:4F:D3:68:A3:E7:78:B1:A0:B1:65:EE:89:8D:B9:B9:68:7C:17:ED:CD:C7:69:08:AB:58:C8:2C', 'Microsoft TLS G2 RSA CA OCSP 04', 'intermediate', '2029-06-03', AZURE, () => l10n.t('Azure issuing CA of the new chain (OCSP 02...16)')],
  ['3D:3F:4B:44:0F:93:3F:FD:26:95:65:ED:A9:E2:0E:8D:F8:63:C9:CB:E3:65:1D:3B:47:6C:5B:4F:4A:F5:CE:28', 'Microsoft Azure RSA TLS Issuing CA 03', 'intermediate', '2028-05-25', AZURE, () => l10n.t('Azure issuing CA of the old chain, form issued by Microsoft RSA Root Certificate Authority 2017')],
  ['FD:39:FF:C4:8F:14:83:54:26:21:62:A2:F5:5D:D4:6D:C2:56:4C:FC:14:99:30:9A:D5:3F:09:C1:09:81:DC:CA', 'Microsoft Azure RSA TLS Issuing CA 04', 'intermediate', '2028-05-25', AZURE, () => l10n.t('Azure issuing CA of the old chain, form issued by Microsoft RSA Root Certificate Authority 2017')],
  ['FB:B7:92:6A:45:1B:AD:F5:16:BE:51:86:14:A7:7E:6E:32:5E:29:81:99:08:79:6D:80:7F:59:32:0F:91:8E:E2', 'Microsoft Azure RSA TLS Issuing CA 07', 'intermediate', '2028-05-25', AZURE, () => l10n.t('Azure issuing CA of the old chain, form issued by Microsoft RSA Root Certificate Authority 2017')],
  ['CF:DD:06:1F:CD:4C:FF:3B:B9:E1:33:26:4C:A7:FD:E4:5C:A4:9B:70:CF:AA:97:7A:E0:DC:42:2B:43:30:A8:C1', 'Microsoft Azure RSA TLS Issuing CA 08', 'intermediate', '2028-05-25', AZURE, () => l10n.t('Azure issuing CA of the old chain, form issued by Microsoft RSA Root Certificate Authority 2017')],
  ['9D:1B:C5:D2:DD:75:BF:8B:64:F3:5E:7F:91:9E:25:46:C2:25:BE:88:8C:1A:8C:BE:82:C0:E9:57:92:34:A7:ED', 'Microsoft Azure RSA TLS Issuing CA 03 (cross-signed by DigiCert Global Root G2)', 'intermediate', '2026-08-25', AZURE, () => l10n.t('the form Azure PostgreSQL/MySQL flexible servers chained to before the rotation')],
  ['33:F9:73:1B:E9:10:A6:6D:C6:AC:D0:7D:9D:9C:A2:12:EE:8D:0A:9A:5C:78:C8:BF:3E:89:BB:74:DF:8F:B9:36', 'Microsoft Azure RSA TLS Issuing CA 04 (cross-signed by DigiCert Global Root G2)', 'intermediate', '2026-08-25', AZURE, () => l10n.t('the form Azure PostgreSQL/MySQL flexible servers chained to before the rotation')],
  ['72:42:47:79:49:51:C9:3F:3E:41:71:16:17:E9:5C:E1:43:26:3E:31:96:C3:45:A1:DA:78:F6:63:97:49:EC:03', 'Microsoft Azure RSA TLS Issuing CA 07 (cross-signed by DigiCert Global Root G2)', 'intermediate', '2026-08-25', AZURE, () => l10n.t('the form Azure PostgreSQL/MySQL flexible servers chained to before the rotation')],
  ['51:1C:1C:41:CB:7E:B2:A1:00:78:C3:2C:82:F1:79:25:BA:78:6D:E4:6C:63:39:21:D0:38:E7:40:9E:15:A5:EA', 'Microsoft Azure RSA TLS Issuing CA 08 (cross-signed by DigiCert Global Root G2)', 'intermediate', '2026-08-25', AZURE, () => l10n.t('the form Azure PostgreSQL/MySQL flexible servers chained to before the rotation')],
  ['24:C7:29:98:64:E0:A2:A6:96:4F:55:1C:0E:8D:F2:46:15:32:FA:8C:48:E4:DB:BB:60:80:71:66:91:F1:90:E5', 'Microsoft Azure TLS Issuing CA 01 (cross-signed by DigiCert Global Root G2)', 'intermediate', '2024-06-27', AZURE, () => l10n.t('older Azure issuing CA')],
  ['D6:83:1B:A4:36:07:F5:AC:19:77:8D:62:75:31:56:2A:F5:51:45:F1:91:CA:B5:EF:AF:A0:E0:00:54:42:B3:02', 'Microsoft Azure TLS Issuing CA 05 (cross-signed by DigiCert Global Root G2)', 'intermediate', '2024-06-27', AZURE, () => l10n.t('older Azure issuing CA')],
  ['05:E4:00:5D:B0:C3:82:F3:BD:66:B4:77:29:E9:01:15:77:60:1B:F6:F7:B2:87:E9:A5:2C:ED:71:0D:25:83:46', 'Microsoft RSA TLS CA 02', 'intermediate', '2024-10-08', AZURE, () => l10n.t('Baltimore-chained Microsoft intermediate (Azure Database single server era)')],
  ['5F:FA:C4:3E:0D:DC:5B:4A:F2:B6:96:F6:BC:4D:B7:E9:1D:F3:14:BB:8F:E0:D0:71:3A:0B:1A:7A:D2:A6:8F:AC', 'Microsoft IT TLS CA 4', 'intermediate', '2024-05-20', AZURE, () => l10n.t('Baltimore-chained Microsoft intermediate')],
  ['F0:EE:59:14:ED:94:C7:25:2D:05:8B:4E:39:80:8A:EE:6F:A8:F6:2C:F0:97:4F:B7:D6:D2:A9:DF:16:E3:A8:7F', 'Microsoft IT TLS CA 5', 'intermediate', '2024-05-20', AZURE, () => l10n.t('Baltimore-chained Microsoft intermediate')],
  ['15:4C:43:3C:49:19:29:C5:EF:68:6E:83:8E:32:36:64:A0:0E:6A:0D:82:2C:CC:95:8F:B4:DA:B0:3E:49:A0:8F', 'DigiCert SHA2 Secure Server CA', 'intermediate', '2023-03-08', [], () => l10n.t('widely pinned DigiCert intermediate (issued by DigiCert Global Root CA)')],
  [FP.isrgRootX1, 'ISRG Root X1', 'root', '2035-06-04', ['neon'], () => l10n.t("Let's Encrypt root, in every system store")],
];

// ---------------------------------------------------------------------------------------------------
// Retirements (besides the AWS RDS CAs of awsLegacyData.ts, which are retired at their expiry)

const AZURE_OLD_ISSUING = (n: string, sha256: string): RetiredCa => ({
  sha256,
  name: `Microsoft Azure RSA TLS Issuing CA ${n} (cross-signed by DigiCert Global Root G2)`,
  role: 'intermediate',
  retired: '2026-08-25',
  get reason() {
    return l10n.t('expired; Azure moved its servers to the Microsoft TLS RSA Root G2 / Microsoft TLS G2 RSA CA OCSP chain (2025-11-11 onwards)');
  },
  providers: [],
  get replacedBy() {
    return l10n.t('nothing to pin: trust the roots DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017');
  },
  source: `${SRC.azureTls}; date: ${SRC.certValidity}`,
});

export const AZURE_RETIRED: readonly RetiredCa[] = [
  {
    sha256: FP.baltimore,
    name: 'Baltimore CyberTrust Root',
    role: 'root',
    retired: '2025-05-12',
    get reason() {
      return l10n.t('expired on 2025-05-12; Azure database servers had already moved to DigiCert Global Root G2');
    },
    providers: [],
    get replacedBy() {
      return l10n.t('DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017');
    },
    source: `${SRC.azureTls}; date: ${SRC.certValidity}`,
  },
  AZURE_OLD_ISSUING('03', '9D:1B:C5:D2:DD:75:BF:8B:64:F3:5E:7F:91:9E:25:46:C2:25:BE:88:8C:1A:8C:BE:82:C0:E9:57:92:34:A7:ED'),
  AZURE_OLD_ISSUING('04', '33:F9:73:1B:E9:10:A6:6D:C6:AC:D0:7D:9D:9C:A2:12:EE:8D:0A:9A:5C:78:C8:BF:3E:89:BB:74:DF:8F:B9:36'),
  AZURE_OLD_ISSUING('07', '72:42:47:79:49:51:C9:3F:3E:41:71:16:17:E9:5C:E1:43:26:3E:31:96:C3:45:A1:DA:78:F6:63:97:49:EC:03'),
  AZURE_OLD_ISSUING('08', '51:1C:1C:41:CB:7E:B2:A1:00:78:C3:2C:82:F1:79:25:BA:78:6D:E4:6C:63:39:21:D0:38:E7:40:9E:15:A5:EA'),
  {
    sha256: FP.digicertGlobalRootCa,
    name: 'DigiCert Global Root CA',
    role: 'root',
    retired: AZURE_CHINA_ROOT_SWITCH,
    get reason() {
      return l10n.t('Azure China (21Vianet) moved from DigiCert Global Root CA to DigiCert Global Root G2 after Spring Festival 2026; the root itself stays valid to 2031-11-10');
    },
    providers: AZURE,
    cloud: 'china',
    get replacedBy() {
      return l10n.t('DigiCert Global Root G2 (with Microsoft RSA Root Certificate Authority 2017)');
    },
    source: SRC.azureTls,
  },
];

// ---------------------------------------------------------------------------------------------------
// Trust file names from old provider docs

export const RETIRED_FILE_NAMES: readonly RetiredFileName[] = [
  {
    fileName: 'BaltimoreCyberTrustRoot.crt.pem',
    providers: AZURE,
    held: 'Baltimore CyberTrust Root',
    retired: '2025-05-12',
    get replacedBy() {
      return l10n.t('DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017, in one file');
    },
    replacementFiles: ['DigiCertGlobalRootG2.crt.pem'],
    source: `${SRC.azureTls}; date: ${SRC.certValidity}`,
  },
  {
    fileName: 'rds-combined-ca-bundle.pem',
    providers: ['aws-rds'],
    get held() {
      return l10n.t('rds-ca-2015 and rds-ca-2019 roots and regional intermediates');
    },
    retired: '2024-08-22',
    get replacedBy() {
      return l10n.t('the global bundle (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1 roots of every region) or the region bundle');
    },
    replacementFiles: ['global-bundle.pem', '<region>-bundle.pem'],
    source: `${SRC.awsSsl}; ${SRC.awsCdk}; contents: ${SRC.awsBundleHistory}`,
  },
  {
    fileName: 'rds-ca-2019-root.pem',
    providers: ['aws-rds'],
    held: 'Amazon RDS Root 2019 CA',
    retired: '2024-08-22',
    get replacedBy() {
      return l10n.t('the global bundle or the region bundle (G1 roots)');
    },
    replacementFiles: ['global-bundle.pem', '<region>-bundle.pem'],
    source: `${SRC.awsCdk}; ${SRC.awsSsl}`,
  },
  {
    fileName: 'rds-ca-2015-root.pem',
    providers: ['aws-rds'],
    held: 'Amazon RDS Root CA (rds-ca-2015)',
    retired: '2020-03-05',
    get replacedBy() {
      return l10n.t('the global bundle or the region bundle (G1 roots)');
    },
    replacementFiles: ['global-bundle.pem', '<region>-bundle.pem'],
    source: SRC.awsRotation,
  },
];

// ---------------------------------------------------------------------------------------------------
// Providers

/** AWS region names: `eu-west-1`, `us-gov-west-1`, `cn-north-1`, `ap-southeast-7`. */
const AWS_REGION = '(?<region>[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2})';
const AWS_SUFFIX = '\\.rds\\.amazonaws\\.com(?<cn>\\.cn)?';
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';

const azureAccepted = (source: string): AcceptedRootRule[] => [
  { sha256: FP.digicertGlobalRootG2, name: 'DigiCert Global Root G2', clouds: ['public', 'government'], source },
  { sha256: FP.digicertGlobalRootG2, name: 'DigiCert Global Root G2', clouds: ['china'], from: AZURE_CHINA_ROOT_SWITCH, source: `${SRC.azureTls} (China: after Spring Festival 2026; day UNVERIFIED)` },
  { sha256: FP.microsoftRsaRoot2017, name: 'Microsoft RSA Root Certificate Authority 2017', source },
  { sha256: FP.digicertGlobalRootCa, name: 'DigiCert Global Root CA', clouds: ['china'], until: AZURE_CHINA_ROOT_SWITCH, source: `${SRC.azureTls} (China: until Spring Festival 2026; day UNVERIFIED)` },
  { sha256: FP.digicertGlobalRootCa, name: 'DigiCert Global Root CA', clouds: ['public', 'government'], condition: 'read-replica', source: `${SRC.azureTls} (read replicas: add DigiCert Global Root CA)` },
];

const AZURE_TIMELINE = [
  { date: '2024-06-27', get what() { return l10n.t('Microsoft Azure TLS Issuing CA 01/05 (cross-signed by DigiCert Global Root G2) expire'); }, source: SRC.certValidity },
  { date: '2025-05-12', get what() { return l10n.t('Baltimore CyberTrust Root (BaltimoreCyberTrustRoot.crt.pem) expires'); }, source: SRC.certValidity },
  { date: '2025-11-11', get what() { return l10n.t('Server certificates start moving to the new chain DigiCert Global Root G2 -> Microsoft TLS RSA Root G2 -> Microsoft TLS G2 RSA CA OCSP 02..16 (West Central US, East Asia, UK South)'); }, source: SRC.azureTls },
  { date: '2026-01-19', get what() { return l10n.t('The new chain extends to the other regions'); }, source: SRC.azureTls },
  { date: AZURE_CHINA_ROOT_SWITCH, get what() { return l10n.t('Azure China: DigiCert Global Root CA -> DigiCert Global Root G2 ("after Spring Festival 2026"; the day is UNVERIFIED)'); }, source: SRC.azureTls },
  { date: '2026-08-25', get what() { return l10n.t('Microsoft Azure RSA TLS Issuing CA 03/04/07/08 (cross-signed by DigiCert Global Root G2), the old chain, expire'); }, source: SRC.certValidity },
  { date: '2031-11-10', get what() { return l10n.t('DigiCert Global Root CA expires'); }, source: SRC.certValidity },
] as const;

const azure = (engine: 'postgresql' | 'mysql'): Provider => {
  const label = engine === 'postgresql' ? 'postgres' : 'mysql';
  const docs = engine === 'postgresql' ? SRC.azureTls : SRC.azureMysql;
  const host = (domain: string, cloud: 'public' | 'government' | 'china') => ({
    display: `*.${label}.database.${domain}`,
    pattern: new RegExp(`^${LABEL}\\.(?:privatelink\\.)?${label}\\.database\\.${domain.replace(/\./g, '\\.')}$`),
    cloud,
    kind: 'server' as const,
  });
  return {
    id: engine === 'postgresql' ? 'azure-postgresql-flexible' : 'azure-mysql-flexible',
    name: engine === 'postgresql' ? 'Azure Database for PostgreSQL flexible server' : 'Azure Database for MySQL flexible server',
    engine,
    hostPatterns: [host('azure.com', 'public'), host('usgovcloudapi.net', 'government'), host('chinacloudapi.cn', 'china')],
    hostNote: `Private endpoints (*.privatelink.${label}.database.<cloud domain>) are recognised too; their names may not match the certificate, which is why Azure allows verify-ca there.`,
    clouds: ['public', 'government', 'china'],
    acceptedRoots: azureAccepted(docs),
    get rootsNote() {
      return l10n.t('Azure Government: UNVERIFIED that it uses the same roots as the public cloud (the docs read list public and China only).');
    },
    retired: AZURE_RETIRED,
    timeline: AZURE_TIMELINE,
    pinningNormal: false,
    publiclyTrusted: true,
    publiclyTrustedSource: `${docs}: DigiCert Global Root G2 and Microsoft RSA Root Certificate Authority 2017 are public roots (both in Node's and the OS stores)`,
    sources: engine === 'postgresql' ? [SRC.azureTls, SRC.azureBlog] : [SRC.azureMysql, SRC.azureTls],
  };
};

export const PROVIDERS: readonly Provider[] = [
  azure('postgresql'),
  azure('mysql'),
  {
    id: 'aws-rds-proxy',
    name: 'Amazon RDS Proxy',
    engine: 'postgresql',
    hostPatterns: [
      {
        display: '*.proxy-*.<region>.rds.amazonaws.com (and .com.cn)',
        pattern: new RegExp(`^(?:${LABEL}\\.)+proxy-[a-z0-9]+\\.${AWS_REGION}${AWS_SUFFIX}$`),
        cloud: 'public',
        kind: 'proxy',
      },
    ],
    hostNote: 'Proxy hosts are told from instance hosts by the `proxy-` label before the region; the cloud follows the region (cn-*: China, us-gov-*: GovCloud).',
    clouds: ['public', 'government', 'china'],
    acceptedRoots: [
      { sha256: FP.amazonRootCa1, name: 'Amazon Root CA 1', clouds: ['public', 'government'], source: SRC.awsRotation },
      { sha256: FP.amazonRootCa2, name: 'Amazon Root CA 2', clouds: ['public', 'government'], source: SRC.awsRotation },
      { sha256: FP.amazonRootCa3, name: 'Amazon Root CA 3', clouds: ['public', 'government'], source: SRC.awsRotation },
      { sha256: FP.amazonRootCa4, name: 'Amazon Root CA 4', clouds: ['public', 'government'], source: SRC.awsRotation },
      { sha256: FP.starfieldServicesG2, name: 'Starfield Services Root Certificate Authority - G2', clouds: ['public', 'government'], source: SRC.awsRotation },
    ],
    get rootsNote() {
      return l10n.t('RDS Proxy uses ACM certificates, which chain to Amazon Trust Services roots, not to the RDS CAs. China regions: the ACM roots there are UNVERIFIED, so none are listed. GovCloud: assumed the same as public (UNVERIFIED).');
    },
    retired: [],
    timeline: [{ date: '2038-01-17', get what() { return l10n.t('Amazon Root CA 1 expires (Amazon Root CA 2-4 in 2040)'); }, source: SRC.certValidity }],
    pinningNormal: false,
    publiclyTrusted: true,
    publiclyTrustedSource: `${SRC.awsRotation} (RDS Proxy uses ACM certificates; Amazon Root CA 1-4 and Starfield Services Root CA G2 are in the public stores)`,
    sources: [SRC.awsRotation, SRC.awsSsl],
  },
  {
    id: 'aws-rds',
    name: 'Amazon RDS and Aurora',
    engine: 'postgresql',
    hostPatterns: [
      {
        display: '*.<region>.rds.amazonaws.com, *.<region>.rds.amazonaws.com.cn',
        pattern: new RegExp(`^(?:${LABEL}\\.){2,}${AWS_REGION}${AWS_SUFFIX}$`),
        cloud: 'public',
        kind: 'instance',
      },
    ],
    hostNote: 'Instance (`<id>.<hash>.<region>`) and cluster (`<id>.cluster-[ro-|custom-]<hash>.<region>`) endpoints; the cloud follows the region (cn-*: China, us-gov-*: GovCloud). The same names serve MySQL, MariaDB and the other engines.',
    clouds: ['public', 'government', 'china'],
    // Per-region G1 roots come from the embedded global bundle (see ./index acceptedRoots).
    acceptedRoots: [],
    get rootsNote() {
      return l10n.t('Each region has its own three self-signed G1 roots (rds-ca-rsa2048-g1, rds-ca-rsa4096-g1, rds-ca-ecc384-g1); the embedded global bundle of 2025-09 covers 36 regions. China (cn-*) and GovCloud (us-gov-*) regions have separate bundles that are not embedded, and regions added after 2025-09 are missing: for those no roots are known.');
    },
    retired: [],
    timeline: [
      { date: '2020-03-05', get what() { return l10n.t('rds-ca-2015 (Amazon RDS Root CA, rds-ca-2015-root.pem) expires'); }, source: SRC.awsRotation },
      { date: '2021-05-18', get what() { return l10n.t('G1 roots issued, one set per region (rds-ca-rsa2048-g1 for 40 years, rds-ca-rsa4096-g1 and rds-ca-ecc384-g1 for 100); regions opened later got theirs later (up to 2025-05-20 in the embedded bundle)'); }, source: SRC.certValidity },
      { date: '2024-08-22', get what() { return l10n.t('rds-ca-2019 (Amazon RDS Root 2019 CA, rds-ca-2019-root.pem, rds-combined-ca-bundle.pem) expires'); }, source: `${SRC.awsCdk}; ${SRC.certValidity}` },
      { date: '2025-01-14', get what() { return l10n.t('global-bundle.pem holds only G1 roots (expired 2019 material removed); first copy seen with that date'); }, source: SRC.awsBundleHistory },
      { date: '2025-09-09', get what() { return l10n.t('global-bundle.pem with 36 regions (adds ap-east-2, ap-southeast-6); the embedded copy'); }, source: SRC.awsGlobalBundle },
    ],
    pinningNormal: false,
    publiclyTrusted: false,
    publiclyTrustedSource: 'UNVERIFIED (inference): the RDS roots are a private PKI, so sslrootcert=system does not verify a direct RDS endpoint',
    sources: [SRC.awsSsl, SRC.awsRotation, SRC.awsCdk, SRC.awsGlobalBundle, SRC.awsBundleHistory],
  },
  {
    id: 'gcp-cloudsql',
    name: 'Google Cloud SQL',
    engine: 'postgresql',
    hostPatterns: [],
    hostNote: 'No public host pattern: clients connect by IP address (public or private) or through the Cloud SQL Auth Proxy / language connectors, so a host name cannot identify Cloud SQL.',
    clouds: ['public'],
    acceptedRoots: [],
    get rootsNote() {
      return l10n.t('Each instance has its own self-signed server CA (server-ca.pem), downloaded per instance: nothing can be embedded. With the shared / customer-managed CA modes the CA pools are per project and region. UNVERIFIED (secondary).');
    },
    retired: [],
    timeline: [],
    pinningNormal: true,
    publiclyTrusted: false,
    publiclyTrustedSource: `${SRC.gcpCloudSql}: the per-instance server CA is not a public root`,
    sources: [SRC.gcpCloudSql],
  },
  {
    id: 'supabase',
    name: 'Supabase',
    engine: 'postgresql',
    hostPatterns: [
      { display: 'db.*.supabase.co', pattern: new RegExp(`^(?:${LABEL}\\.)+supabase\\.co$`), cloud: 'public', kind: 'direct' },
      {
        display: '*.pooler.supabase.com',
        pattern: new RegExp(`^(?:[a-z0-9]+-\\d+-(?<region>[a-z]{2}-[a-z]+-\\d{1,2})|${LABEL})\\.pooler\\.supabase\\.com$`),
        cloud: 'public',
        kind: 'pooler',
      },
    ],
    clouds: ['public'],
    acceptedRoots: [{ sha256: FP.supabaseRoot2021, name: 'Supabase Root 2021 CA', source: `${SRC.supabaseCert} (pooler: UNVERIFIED that it uses the same root)` }],
    retired: [],
    timeline: [{ date: '2031-04-26', get what() { return l10n.t('Supabase Root 2021 CA (prod-ca-2021.crt) expires'); }, source: SRC.certValidity }],
    pinningNormal: false,
    publiclyTrusted: false,
    publiclyTrustedSource: `${SRC.supabaseCert}: a private root, so sslrootcert=system does not verify (UNVERIFIED for the pooler)`,
    sources: [SRC.supabaseCert],
  },
  {
    id: 'neon',
    name: 'Neon',
    engine: 'postgresql',
    hostPatterns: [
      {
        display: '*.neon.tech',
        pattern: new RegExp(`^(?:${LABEL}\\.)*?${LABEL}(?:\\.(?<region>[a-z]{2}-[a-z]+-\\d{1,2})\\.(?:aws|azure))?\\.neon\\.tech$`),
        cloud: 'public',
        kind: 'server',
      },
    ],
    clouds: ['public'],
    acceptedRoots: [],
    get rootsNote() {
      return l10n.t('Public Web PKI certificates: use sslrootcert=system (or the OS store); no root is embedded. UNVERIFIED (secondary).');
    },
    retired: [],
    timeline: [],
    pinningNormal: false,
    publiclyTrusted: true,
    publiclyTrustedSource: SRC.neon,
    sources: [SRC.neon],
  },
];

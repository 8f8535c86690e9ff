/**
 * The connection-string keywords each ADO.NET driver accepts, lower case, as the drivers compare them
 * (they lower-case or upper-case the key and keep its inner spaces: `Trust Server Certificate` and
 * `TrustServerCertificate` are two spellings, `Trust  Server Certificate` is neither). Every driver
 * rejects a keyword it does not know, so a string is a driver's only if that driver knows all its keys.
 *
 * Sources:
 * - Microsoft.Data.SqlClient: dotnet/SqlClient c16adb7, src/Microsoft.Data.SqlClient/src/Microsoft/Data/
 *   Common/ConnectionString/DbConnectionStringKeywords.cs and DbConnectionStringSynonyms.cs; the spaced
 *   spellings came with 2.0.0 (dotnet/SqlClient#534). System.Data.SqlClient adds `asynchronous processing`.
 * - Npgsql: npgsql/npgsql 3cb5804, src/Npgsql/NpgsqlConnectionStringBuilder.cs (each property's
 *   DisplayName, its property name and the synonyms of [NpgsqlConnectionStringProperty]; the generator
 *   NpgsqlConnectionStringBuilderSourceGenerator.cs compares them upper-cased).
 * - MySqlConnector: mysql-net/MySqlConnector 6136675, src/MySqlConnector/MySqlConnectionStringBuilder.cs (`keys:`).
 * - MySQL Connector/NET: mysql/mysql-connector-net ac184e8, MySQL.Data/src (MySqlConnectionStringOption names and synonyms).
 */

export type AdoFamily = 'sqlclient' | 'npgsql' | 'mysql';

const words = (s: string): Set<string> => new Set(s.split('|'));

export const SQLCLIENT_KEYS = words(
  'addr|address|app|application intent|application name|applicationintent|attachdbfilename|attestation protocol|authentication|' +
    'column encryption setting|columnencryption|command timeout|connect retry count|connect retry interval|connect timeout|' +
    'connection idle timeout|connection lifetime|connection reset|connection timeout|connectretrycount|connectretryinterval|' +
    'connecttimeout|context connection|current language|data source|database|enclave attestation url|encrypt|enlist|' +
    'extended properties|failover partner|failover partner spn|failoverpartner|failoverpartnerspn|host name in certificate|' +
    'hostnameincertificate|initial catalog|initial file name|integrated security|ip address preference|ipaddresspreference|' +
    'language|load balance timeout|max pool size|min pool size|multi subnet failover|multiple active result sets|' +
    'multipleactiveresultsets|multisubnetfailover|net|network|network address|network library|packet size|packetsize|' +
    'password|persist security info|persistsecurityinfo|pool blocking period|poolblockingperiod|pooling|pwd|replication|' +
    'server|server certificate|server spn|servercertificate|serverspn|timeout|transaction binding|' +
    'transparent network ip resolution|transparentnetworkipresolution|trust server certificate|trusted_connection|' +
    'trustservercertificate|type system version|uid|user|user id|user instance|workstation id|workstationid|wsid|' +
    'asynchronous processing|async',
);

export const NPGSQL_KEYS = words(
  // display names
  'host|port|database|username|password|passfile|application name|enlist|search path|client encoding|encoding|timezone|' +
    'ssl mode|ssl negotiation|gss encryption mode|ssl certificate|ssl key|ssl password|root certificate|' +
    'check certificate revocation|kerberos service name|include realm|persist security info|log parameters|' +
    'include error detail|include failed batched command|channel binding|require auth|pooling|minimum pool size|' +
    'maximum pool size|connection idle lifetime|connection pruning interval|connection lifetime|timeout|command timeout|' +
    'cancellation timeout|target session attributes|load balance hosts|host recheck seconds|keepalive|tcp keepalive|' +
    'tcp keepalive time|tcp keepalive interval|read buffer size|write buffer size|socket receive buffer size|' +
    'socket send buffer size|max auto prepare|auto prepare min usages|no reset on close|replication mode|options|' +
    'array nullability mode|load table composites|server compatibility mode|trust server certificate|' +
    'internal command timeout|' +
    // property names
    'applicationname|searchpath|clientencoding|sslmode|sslnegotiation|gssencryptionmode|sslcertificate|sslkey|sslpassword|' +
    'rootcertificate|checkcertificaterevocation|kerberosservicename|includerealm|persistsecurityinfo|logparameters|' +
    'includeerrordetail|includefailedbatchedcommand|channelbinding|requireauth|minpoolsize|maxpoolsize|' +
    'connectionidlelifetime|connectionpruninginterval|connectionlifetime|commandtimeout|cancellationtimeout|' +
    'targetsessionattributes|loadbalancehosts|hostrecheckseconds|tcpkeepalive|tcpkeepalivetime|tcpkeepaliveinterval|' +
    'readbuffersize|writebuffersize|socketreceivebuffersize|socketsendbuffersize|maxautoprepare|autoprepareminusages|' +
    'noresetonclose|replicationmode|arraynullabilitymode|loadtablecomposites|servercompatibilitymode|' +
    'trustservercertificate|internalcommandtimeout|' +
    // synonyms
    'server|db|user name|userid|user id|uid|psw|pwd|krbsrvname|load balance timeout|' +
    // removed in earlier majors, still common in configuration files
    'integrated security|multiplexing|write coalescing buffer threshold bytes|use ssl stream|client certificate|' +
    'convert infinity datetime|use perf counters',
);

export const MYSQL_KEYS = words(
  // MySqlConnector
  'server|host|data source|datasource|address|addr|network address|port|user id|userid|username|uid|user name|user|' +
    'password|pwd|database|initial catalog|load balance|loadbalance|connection protocol|connectionprotocol|protocol|' +
    'pipe name|pipename|pipe|ssl mode|sslmode|certificate file|certificatefile|certificate password|certificatepassword|' +
    'certificate store location|certificatestorelocation|certificate thumbprint|certificatethumbprint|' +
    'certificate thumb print|ssl cert|sslcert|ssl-cert|ssl key|sslkey|ssl-key|ssl ca|cacertificatefile|ca certificate file|' +
    'sslca|ssl-ca|skip certificate revocation check|skipcertificaterevocationcheck|tls version|tlsversion|tls-version|' +
    'tls cipher suites|tlsciphersuites|pooling|connection lifetime|connectionlifetime|connection reset|connectionreset|' +
    'defer connection reset|deferconnectionreset|connection idle ping time|connectionidlepingtime|' +
    'connection idle timeout|connectionidletimeout|minimum pool size|min pool size|minimumpoolsize|minpoolsize|' +
    'maximum pool size|max pool size|maximumpoolsize|maxpoolsize|dns check interval|dnscheckinterval|' +
    'allow load local infile|allowloadlocalinfile|allow public key retrieval|allowpublickeyretrieval|' +
    'allow user variables|allowuservariables|allow zero datetime|allowzerodatetime|application name|applicationname|' +
    'auto enlist|autoenlist|cancellation timeout|cancellationtimeout|character set|charset|characterset|' +
    'connection timeout|connectiontimeout|connect timeout|convert zero datetime|convertzerodatetime|datetime kind|' +
    'datetimekind|default command timeout|defaultcommandtimeout|command timeout|force synchronous|forcesynchronous|' +
    'guid format|guidformat|ignore command transaction|ignorecommandtransaction|ignore prepare|ignoreprepare|' +
    'interactive session|interactivesession|interactive|keep alive|keepalive|no backslash escapes|nobackslashescapes|' +
    'old guids|oldguids|persist security info|persistsecurityinfo|pipelining|server redirection mode|' +
    'serverredirectionmode|server rsa public key file|serverrsapublickeyfile|server spn|serverspn|treat tiny as boolean|' +
    'treattinyasboolean|use affected rows|useaffectedrows|use compression|compress|usecompression|use xa transactions|' +
    'usexatransactions|' +
    // MySQL Connector/NET (MySql.Data)
    'allow batch|allowbatch|allow load local infile in path|allowloadlocalinfileinpath|auth|blobasutf8excludepattern|' +
    'blobasutf8includepattern|cache server properties|cacheserverproperties|check parameters|checkparameters|' +
    'command interceptors|commandinterceptors|compression|compression-algorithms|compressionalgorithms|connect-timeout|' +
    'connection-attributes|connectionattributes|connecttimeout|default table cache age|defaulttablecacheage|' +
    'defaultauthenticationplugin|dns-srv|dnssrv|exception interceptors|exceptioninterceptors|functions return string|' +
    'functionsreturnstring|include security asserts|includesecurityasserts|integrated security|integratedsecurity|' +
    'kerberos auth mode|kerberosauthmode|logging|oci config file|oci config profile|ociconfigfile|ociconfigprofile|' +
    'openididentitytoken|password1|password2|password3|perfmon|procedure cache|procedure cache size|procedurecache|' +
    'procedurecachesize|pwd1|pwd2|pwd3|replication|respect binary flags|respectbinaryflags|shared memory name|' +
    'sharedmemoryname|sql server mode|sqlservermode|ssl-ca-pwd|ssl-crl|ssl-mode|sslcrl|table cache|tablecache|' +
    'tablecaching|treat blobs as utf8|treatblobsasutf8|usage advisor|use default command timeout for ef|' +
    'use performance monitor|use usage advisor|use-compression|usedefaultcommandtimeoutforef|useperfmon|' +
    'useperformancemonitor|useusageadvisor',
);

export const KEYS_OF: Record<AdoFamily, Set<string>> = { sqlclient: SQLCLIENT_KEYS, npgsql: NPGSQL_KEYS, mysql: MYSQL_KEYS };

/** Keys naming the server (a connection string has one of these or a TLS key). */
export const SERVER_KEYS = new Set(['server', 'host', 'data source', 'datasource', 'address', 'addr', 'network address']);

/** The TLS settings of each driver, by meaning (all spellings, lower case). */
export const TLS = {
  npgsqlMode: ['ssl mode', 'sslmode'],
  npgsqlRoot: ['root certificate', 'rootcertificate'],
  npgsqlTrust: ['trust server certificate', 'trustservercertificate'],
  npgsqlNegotiation: ['ssl negotiation', 'sslnegotiation'],
  sqlEncrypt: ['encrypt'],
  sqlTrust: ['trust server certificate', 'trustservercertificate'],
  sqlHostName: ['host name in certificate', 'hostnameincertificate'],
  sqlServerCertificate: ['server certificate', 'servercertificate'],
  mysqlMode: ['ssl mode', 'sslmode', 'ssl-mode'],
  mysqlCa: ['ssl ca', 'sslca', 'ssl-ca', 'cacertificatefile', 'ca certificate file'],
} as const;

export const TLS_KEYS = new Set<string>(Object.values(TLS).flat());

/** Keys only one family knows: evidence for it when several would accept a string. */
export const ONLY: Record<AdoFamily, Set<string>> = {
  sqlclient: new Set([...SQLCLIENT_KEYS].filter((k) => !NPGSQL_KEYS.has(k) && !MYSQL_KEYS.has(k))),
  npgsql: new Set([...NPGSQL_KEYS].filter((k) => !SQLCLIENT_KEYS.has(k) && !MYSQL_KEYS.has(k))),
  mysql: new Set([...MYSQL_KEYS].filter((k) => !SQLCLIENT_KEYS.has(k) && !NPGSQL_KEYS.has(k))),
};

/** `SSL Mode` values each family accepts (lower case; Npgsql parses with Enum.Parse(ignoreCase), which also takes the numbers). */
export const NPGSQL_MODES = ['disable', 'allow', 'prefer', 'require', 'verifyca', 'verifyfull'];
export const MYSQL_MODES = ['none', 'disabled', 'preferred', 'prefered', 'required', 'verifyca', 'verifyfull'];

/**
 * The server's own requests, beyond LSP. Their names and shapes are what the VS Code client (and any
 * other client) speaks; keep them stable.
 */
import { RequestType, RequestType0 } from 'vscode-languageserver/node';
import type { ProviderBundle, ProviderChoice } from '../engine';
import type { ProbeResult } from '../probe';

/** Scan every file of the workspace folders; diagnostics of files not open are published. */
export interface ScanSummary {
  /** Files read. */
  files: number;
  /** Files with at least one finding. */
  filesWithFindings: number;
  findings: number;
  /** The scan was cancelled before the end (the files read so far keep their diagnostics). */
  cancelled: boolean;
  /** Files that could not be read or analysed (reported in the output). */
  skipped: number;
}
export const SCAN_REQUEST = new RequestType0<ScanSummary, void>('dbtrust/scanWorkspace');

/**
 * Answered at once by the server's thread: a client that gets no answer within the time limit knows
 * that thread is stuck (an analysis that does not end) and restarts the server.
 */
export const ALIVE_REQUEST = new RequestType0<true, void>('dbtrust/alive');

/** The trust details of a document: the trust files its settings use, or the certificate file itself. */
export interface TrustDetailsParams {
  uri: string;
  /** The cursor: the setting under it, when there is one, else every setting of the document with a trust file. */
  position?: { line: number; character: number };
}
export interface TrustDetails {
  /** Markdown (document text is escaped; passwords never appear). */
  markdown: string;
  /** How many settings or certificate blocks it covers (0: nothing to show; the markdown says why). */
  count: number;
}
export const TRUST_DETAILS_REQUEST = new RequestType<TrustDetailsParams, TrustDetails, void>('dbtrust/trustDetails');

export interface BundleProviders {
  providers: ProviderChoice[];
  /** AWS regions whose roots are embedded. */
  awsRegions: string[];
}
export const BUNDLE_PROVIDERS_REQUEST = new RequestType0<BundleProviders, void>('dbtrust/bundleProviders');

export interface RootBundleParams {
  provider: string;
  region?: string;
}
export const ROOT_BUNDLE_REQUEST = new RequestType<RootBundleParams, ProviderBundle | null, void>('dbtrust/rootBundle');

/**
 * A live probe of a PostgreSQL server's certificate chain (only the SSLRequest and a TLS handshake:
 * no startup message, no credentials). The code lens "Check server chain" carries these arguments.
 */
export interface ProbeParams {
  host: string;
  port?: number;
  /** An absolute trust file path, or `system`. */
  sslrootcert?: string;
  sslnegotiation?: 'postgres' | 'direct';
}
export interface ProbeAnswer {
  result: ProbeResult;
  /** The result for people (what `dbtrust probe` prints). */
  text: string;
}
export const PROBE_REQUEST = new RequestType<ProbeParams, ProbeAnswer, void>('dbtrust/probe');

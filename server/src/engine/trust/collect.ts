/** Bounded accumulation of certificates and problems for one file. */
import * as l10n from '@vscode/l10n';
import type { Span } from '../types';
import type { CertInfo, TrustProblem, TrustProblemSeverity } from './types';

export const MAX_CERTIFICATES = 5000;
export const MAX_PROBLEMS = 200;

export class Collector {
  readonly certificates: CertInfo[] = [];
  readonly problems: TrustProblem[] = [];
  /** Certificates already parsed in this file, by DER (repeated certificates cost one parse). */
  readonly memo = new Map<string, CertInfo>();
  private dropped = 0;
  private capped = false;

  problem(code: string, severity: TrustProblemSeverity, message: string, span?: Span): void {
    if (this.problems.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    const p: TrustProblem = { code, severity, message };
    if (span) p.span = span;
    this.problems.push(p);
  }

  /** Room for another certificate? Reports the cap once. */
  get full(): boolean {
    if (this.certificates.length < MAX_CERTIFICATES) return false;
    if (!this.capped) {
      this.capped = true;
      this.problem('too-many-certificates', 'warning', l10n.t('more than {0} certificates: only the first {0} are read', MAX_CERTIFICATES));
    }
    return true;
  }

  finish(): void {
    if (this.dropped > 0) {
      this.problems.push({ code: 'too-many-problems', severity: 'info', message: this.dropped === 1 ? l10n.t('1 more problem not listed') : l10n.t('{0} more problems not listed', this.dropped) });
      this.dropped = 0;
    }
  }
}

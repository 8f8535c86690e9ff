/**
 * A family of connection syntaxes beyond the core PostgreSQL ones (ADO.NET, MySQL, Go/Python/PHP,
 * JVM and infrastructure). Families run before the core extractors, so their more specific sites
 * win an overlap; they may also name the driver of core sites (a postgres:// URI in a Go file that
 * imports pgx is pgx's).
 */
import type { Language } from '../../language';
import type { Scan } from '../../scan';
import type { DriverId } from '../../types';
import type { SourceView } from '../sourceView';
import type { SiteDraft } from '../uri';

export interface DriverChoice {
  driver: DriverId;
  driverReason: string;
}

export interface Family {
  name: string;
  /** Sites of this family; a draft may set its driver (and reason) itself. `view` is shared by every extractor of the text. */
  extract(text: string, scan: Scan, language: Language, view: SourceView): SiteDraft[];
  /** The driver of a site another extractor found, when this family knows better (by file, imports...). */
  inferDriver?(site: SiteDraft, text: string, language: Language): DriverChoice | undefined;
}

/**
 * The dbtrust engine: text in, findings with fixes as data out. No `vscode` or LSP runtime
 * imports, and no disk access except through the FileAccess interface.
 */
export * from './types';
export { type Guard, guarded, TimeLimitError } from './guard';
export { lint, lintWithTrust, analyseSites, runRules, ruleContext, LintOptions, TrustLintOptions, detectLanguage, AbortedError, INTERNAL_ERROR, BYTE_PREFILTER, mayHaveSites, notAWord } from './lint';
export type { RuleContext, Report } from './rules/rule';
export { newTrustFileCache, attachTrustFiles, analyseTrustFile } from './trustAnalysis';
export type { TrustFileAnalysis, ParsedTrustFile, TrustContext } from './trustAnalysis';
export { TrustFileCache, MAX_TRUST_FILE_BYTES } from './trustSource';
export { hoverMarkdown, siteAt, siteMarkdown } from './hover';
export { trustMarkdown, certificateFileMarkdown } from './trustHover';
export { RULES, ruleById } from './rules';
export { RULE_IDS } from './rules/ids';
export { CONFIG_FILE_NAME, CONFIG_KEYS, defaultConfig, parseConfig, parseConfigObject, loadConfig, ignoreMatcher, mergeConfigs } from './config';
export type { Config, ConfigResult, DriverHint, ProviderDeclaration } from './config';
export { HINTABLE_KINDS } from './hints';
export { FileAccess, FileAccessError, FileStat, MemoryFileAccess } from './fileAccess';
export { LineIndex } from './text';
export { applyEdits, fixAllEdits } from './edits';
export { VERSION } from './version';
export { AnalysisMemo, AnalysisMemos, textChange } from './incremental';
export type { MemoStats, TextChange } from './incremental';
export { lintCertificateFile, isCertificateFile, CertificateFileUse, CertificateFileOptions, CertificateFileResult } from './certificateFile';
export { siteProvider, judgeFile, siteFileVerdict, trustFileUsed } from './trustVerdict';
export type { ProviderView, CertVerdict, FileVerdict } from './trustVerdict';
export type { ChainLink, TrustFileResult, CertInfo, TrustProblem } from './trust';
export { suppressionEdit } from './suppressEdit';
export { bundleProviders, providerBundle } from './providerBundle';
export type { ProviderChoice, ProviderBundle } from './providerBundle';
export { rdsRegionsEmbedded } from './providers';

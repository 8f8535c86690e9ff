/**
 * The dbtrust engine: text in, findings with fixes as data out. No `vscode` or LSP runtime
 * imports, and no disk access except through the FileAccess interface.
 */
export * from './types';
export { lint, lintWithTrust, analyseSites, runRules, ruleContext, LintOptions, TrustLintOptions, detectLanguage } from './lint';
export type { RuleContext, Report } from './rules/rule';
export { newTrustFileCache, attachTrustFiles, analyseTrustFile } from './trustAnalysis';
export type { TrustFileAnalysis, ParsedTrustFile, TrustContext } from './trustAnalysis';
export { TrustFileCache, MAX_TRUST_FILE_BYTES } from './trustSource';
export { hoverMarkdown, siteAt, siteMarkdown } from './hover';
export { trustMarkdown, certificateFileMarkdown } from './trustHover';
export { RULES, ruleById } from './rules';
export { RULE_IDS } from './rules/ids';
export { Config, ConfigResult, CONFIG_FILE_NAME, defaultConfig, parseConfig, loadConfig, ignoreMatcher } from './config';
export { FileAccess, FileAccessError, FileStat, MemoryFileAccess } from './fileAccess';
export { LineIndex } from './text';
export { applyEdits, fixAllEdits } from './edits';
export { VERSION } from './version';
export { lintCertificateFile, isCertificateFile, CertificateFileUse, CertificateFileOptions, CertificateFileResult } from './certificateFile';
export { siteProvider, judgeFile, siteFileVerdict, trustFileUsed } from './trustVerdict';
export type { ProviderView, CertVerdict, FileVerdict } from './trustVerdict';
export type { ChainLink, TrustFileResult, CertInfo, TrustProblem } from './trust';

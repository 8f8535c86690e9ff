/**
 * The dbtrust engine: text in, findings with fixes as data out. No `vscode` or LSP runtime
 * imports, and no disk access except through the FileAccess interface.
 */
export * from './types';
export { lint, LintOptions, detectLanguage } from './lint';
export { hoverMarkdown, siteAt, siteMarkdown } from './hover';
export { RULES, ruleById } from './rules';
export { RULE_IDS } from './rules/ids';
export { Config, ConfigResult, CONFIG_FILE_NAME, defaultConfig, parseConfig, loadConfig, ignoreMatcher } from './config';
export { FileAccess, FileAccessError, FileStat, MemoryFileAccess } from './fileAccess';
export { LineIndex } from './text';
export { applyEdits, fixAllEdits } from './edits';
export { VERSION } from './version';

/** Running a command as another user, for tests of files the scanning user cannot read. */
import { execFileSync } from 'node:child_process';

export const isRoot = process.getuid?.() === 0;

/** util-linux's setpriv, which runs a command as `nobody` (tests that need it skip without it). */
export const hasSetpriv = ((): boolean => {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** The command and arguments that run `argv` as nobody. */
export function asNobodyCommand(argv: readonly string[]): { cmd: string; args: string[] } {
  return { cmd: 'setpriv', args: ['--reuid=nobody', '--regid=nogroup', '--clear-groups', ...argv] };
}

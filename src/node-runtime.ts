import { runtimeMessages } from './version-guard/core/messages/runtime.messages.js';

/** The oldest Node.js the project runs on (`engines` in package.json): type stripping, the compile cache. */
export const MINIMUM_NODE = '22.18.0';

const parts = (version: string) => version.replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10) || 0);

/** Whether `version` (`22.18.0` or `v22.18.0`) is at least `minimum`. */
export function isAtLeast(version: string, minimum: string): boolean {
  const [have, need] = [parts(version), parts(minimum)];
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i];
  }
  return true;
}

/**
 * Ends the process with one clear line when it runs on a Node.js older than the project's
 * (the system's Node, say, instead of the one `npm install` brings): otherwise the first
 * module using a newer API fails to link, with a bare SyntaxError.
 */
export function exitUnlessSupportedNode(how: 'app' | 'cli'): void {
  if (isAtLeast(process.versions.node, MINIMUM_NODE)) return;
  const hint = how === 'app' ? runtimeMessages.howToStartApp : runtimeMessages.howToRunCli;
  process.stderr.write(`❌ ${runtimeMessages.unsupportedNode(process.versions.node, MINIMUM_NODE, hint)}\n`);
  process.exit(1);
}

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * What a finished build was made from and what it wrote, kept in `dist/` so that the next
 * `npm run build` can tell whether `dist/` is still the build of the sources as they are.
 *
 * It runs before anything is built, so Node runs this file as it is (type stripping) and it
 * imports nothing of the project's.
 */
export interface BuildStamp {
  /** The Node version that built it (the bundle copies the exports of Node's own `node:http`). */
  readonly node: string;
  /** sha256 of every file the build read, by path relative to the project. */
  readonly inputs: Readonly<Record<string, string>>;
  /** Size and modification time of every file the build wrote, by path relative to `dist/`. */
  readonly outputs: Readonly<Record<string, readonly [size: number, mtimeMs: number]>>;
}

export const STAMP_FILE = '.build-stamp.json';

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** sha256 of each file (paths relative to `root`); a missing file is recorded as missing. */
export function hashInputs(root: string, files: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    [...new Set(files)].sort().map((file) => [file, existsSync(join(root, file)) ? sha256(join(root, file)) : 'missing']),
  );
}

/** Size and modification time of every file under `dist` but the stamp itself. */
export function describeOutputs(dist: string): Record<string, [number, number]> {
  const outputs: Record<string, [number, number]> = {};
  for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const name = relative(dist, path);
    if (name === STAMP_FILE) continue;
    const { size, mtimeMs } = statSync(path);
    outputs[name] = [size, mtimeMs];
  }
  return outputs;
}

/**
 * Why `recorded` is not the build of `current` (pure): the first difference found, or null when
 * the build is current. Files written into `dist/` after the build are not a difference.
 */
export function staleReason(recorded: BuildStamp | null, current: BuildStamp): string | null {
  if (!recorded) return 'no earlier build recorded in dist/';
  if (recorded.node !== current.node) return `built with Node ${recorded.node}, now ${current.node}`;
  for (const [file, hash] of Object.entries(current.inputs)) {
    if (!(file in recorded.inputs)) return `${file} is new`;
    if (recorded.inputs[file] !== hash) return `${file} changed`;
  }
  for (const file of Object.keys(recorded.inputs)) if (!(file in current.inputs)) return `${file} is gone`;
  for (const [file, [size, mtimeMs]] of Object.entries(recorded.outputs)) {
    const now = current.outputs[file];
    if (!now) return `dist/${file} is gone`;
    if (now[0] !== size || now[1] !== mtimeMs) return `dist/${file} was changed after the build`;
  }
  return null;
}

/** The stamp in `dist`, or null when there is none or it cannot be read. */
export function readStamp(dist: string): BuildStamp | null {
  try {
    return JSON.parse(readFileSync(join(dist, STAMP_FILE), 'utf8')) as BuildStamp;
  } catch {
    return null;
  }
}

/** Records a finished build (written whole, then renamed: a build stopped half-way leaves none). */
export function writeStamp(dist: string, stamp: BuildStamp): void {
  const path = join(dist, STAMP_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(stamp));
  renameSync(`${path}.tmp`, path);
}

/** Forgets the recorded build (before `dist/` is written again). */
export function removeStamp(dist: string): void {
  rmSync(join(dist, STAMP_FILE), { force: true });
}

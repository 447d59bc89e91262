import type { LegacyMatch } from '../../version-guard/core/database-status.js';
import { EXIT } from '../cli.errors.js';
import { cliMessages } from '../../version-guard/core/messages/index.js';
import type { CommandEnv } from '../command-env.js';
import { readStatuses } from './status.command.js';

interface DetectReport {
  readonly name: string;
  readonly legacy: boolean;
  readonly recognized: boolean | null;
  readonly release: string | null;
  readonly revision: string | null;
  readonly nearestRelease: string | null;
  readonly missing: readonly string[];
  readonly extraTables: readonly string[];
}

function describe(report: DetectReport): string {
  const text = cliMessages.detect;
  if (!report.legacy) return text.notLegacy(report.name);
  if (report.recognized) return [text.recognised(report.name, report.release, report.revision), ...extraTablesWarning(report)].join('\n');
  // a set no release made without history (PostgreSQL): every table is of no release
  if (report.nearestRelease === null) return [text.unrecognised(report.name), cliMessages.holdsOfNoRelease(report.extraTables)].join('\n');
  return [text.unrecognised(report.name), text.nearest(report.nearestRelease, report.missing), ...extraTablesWarning(report)].join('\n');
}

function extraTablesWarning(report: DetectReport): string[] {
  return report.extraTables.length > 0 ? [cliMessages.detect.extraTables(report.extraTables)] : [];
}

/** `detect`: legacy detection report; writes nothing. Exit 1 when a legacy database is unrecognised. */
export async function detectCommand(env: CommandEnv): Promise<number> {
  const ctx = await env.openReadOnly();
  try {
    const statuses = await readStatuses(ctx);
    const reports: DetectReport[] = [];
    for (const [i, db] of ctx.databases.entries()) {
      const legacy = statuses[i].state === 'legacy' || statuses[i].state === 'legacy_unrecognized';
      const match: LegacyMatch | null = legacy ? await ctx.engine.detect(db) : null;
      reports.push({
        name: db.name,
        legacy,
        recognized: match ? match.release !== null : null,
        release: match?.release ?? null,
        revision: match?.revision ?? null,
        nearestRelease: match?.nearestRelease ?? null,
        missing: match?.missing ?? [],
        extraTables: match?.extraTables ?? [],
      });
    }
    env.out(env.json ? JSON.stringify({ databases: reports }) : reports.map(describe).join('\n'));
    return reports.some((r) => r.recognized === false) ? EXIT.failure : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

import type { LegacyMatch } from './database-status.js';

/** The schema a release's app created in one database, and the revision id it is stamped with. */
export interface ReleaseBaseline {
  readonly revision: string;
  readonly tables: Readonly<Record<string, readonly string[]>>;
}

/** Orders release names like `0.1.10` after `0.1.9`. */
export function compareReleases(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** What of `baseline` is absent from `schema`: `table t` or `column t.c` entries. */
function missingFrom(schema: ReadonlyMap<string, readonly string[]>, baseline: ReleaseBaseline, ignored: ReadonlySet<string>) {
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(baseline.tables)) {
    if (ignored.has(table)) continue;
    const present = schema.get(table);
    if (!present) {
      missing.push(`table ${table}`);
      continue;
    }
    const have = new Set(present);
    for (const column of columns) if (!have.has(column)) missing.push(`column ${table}.${column}`);
  }
  return missing;
}

/**
 * A database without history cannot come from a release that tracked revisions: when such a
 * release shares its schema (and so its revision id) with an older, untracked one, name the older.
 */
function untrackedTwin(release: string, releases: Readonly<Record<string, ReleaseBaseline>>, trackingRelease?: string): string {
  if (!trackingRelease || compareReleases(release, trackingRelease) < 0) return release;
  const twin = Object.keys(releases)
    .filter((r) => compareReleases(r, trackingRelease) < 0 && releases[r].revision === releases[release].revision)
    .sort(compareReleases)
    .pop();
  return twin ?? release;
}

/**
 * Which release created a database without migration history (pure): the newest release whose
 * whole schema is present. Extra tables and columns (a half-finished auto-sync) do not matter.
 * With no complete release, reports what is missing against the nearest one.
 */
export function detectLegacyRelease(
  schema: ReadonlyMap<string, readonly string[]>,
  releases: Readonly<Record<string, ReleaseBaseline>>,
  ignoredTables: ReadonlySet<string>,
  trackingRelease?: string,
): LegacyMatch {
  const newestFirst = Object.keys(releases).sort(compareReleases).reverse();
  const known = new Set(Object.values(releases).flatMap((release) => Object.keys(release.tables)));
  const extraTables = [...schema.keys()].filter((table) => !known.has(table) && !ignoredTables.has(table)).sort();
  let nearest: { release: string; missing: string[] } | null = null;
  for (const release of newestFirst) {
    const missing = missingFrom(schema, releases[release], ignoredTables);
    if (missing.length === 0) {
      const named = untrackedTwin(release, releases, trackingRelease);
      return { release: named, revision: releases[release].revision, nearestRelease: named, missing: [], extraTables };
    }
    if (!nearest || missing.length < nearest.missing.length) nearest = { release, missing };
  }
  return {
    release: null,
    revision: null,
    nearestRelease: nearest ? untrackedTwin(nearest.release, releases, trackingRelease) : null,
    missing: nearest?.missing ?? [],
    extraTables,
  };
}

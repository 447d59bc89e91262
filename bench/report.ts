import type { Timing } from './stats.js';

/** One tool's result in a row: its timing, or why it was not measured. */
export type Cell = Timing | { readonly missing: string };

/** One row of the benchmark table. */
export interface Row {
  readonly job: string;
  readonly n: number | null;
  readonly project: Timing;
  /** Peers by name (knex, Alembic), or the reference the row compares with (e.g. policy `off`). */
  readonly peers: Readonly<Record<string, Cell>>;
  readonly target: string;
  /** true met, false missed, null no target. */
  readonly met: boolean | null;
}

const isTiming = (cell: Cell | undefined): cell is Timing => cell !== undefined && 'median' in cell;

/** project median / peer median, or null when the peer was not measured. */
export function ratio(row: Row, peer: string): number | null {
  const cell = row.peers[peer];
  return isTiming(cell) ? Math.round((row.project.median / cell.median) * 100) / 100 : null;
}

const seconds = (t: Timing) => (t.median >= 1000 ? `${(t.min / 1000).toFixed(2)} / ${(t.median / 1000).toFixed(2)} s` : `${t.min} / ${t.median} ms`);

function cell(value: Cell | undefined): string {
  if (!value) return '—';
  return isTiming(value) ? seconds(value) : `**MISSING**: ${value.missing}`;
}

/** The markdown table: min / median of each tool, ratios, target and whether it is met. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| job | N | this project (min / median) | knex | Alembic | reference | project / knex | Alembic / project | project / reference | target | result |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const knex = ratio(r, 'knex');
    const alembic = ratio(r, 'Alembic');
    const reference = Object.keys(r.peers).find((name) => name !== 'knex' && name !== 'Alembic');
    const vsReference = reference ? ratio(r, reference) : null;
    const result = r.met === null ? '' : r.met ? 'met' : '**MISSED**';
    lines.push(
      `| ${r.job} | ${r.n ?? '—'} | ${seconds(r.project)} | ${cell(r.peers.knex)} | ${cell(r.peers.Alembic)} | ` +
        `${reference ? `${reference}: ${cell(r.peers[reference])}` : '—'} | ${knex ?? '—'} | ${alembic ? Math.round((1 / alembic) * 100) / 100 : '—'} | ` +
        `${vsReference ?? '—'} | ${r.target || '—'} | ${result} |`,
    );
  }
  return lines.join('\n');
}

import type { Dialect } from '../../src/version-guard/revision.js';
import { mysqlStringLiteral } from '../../src/database/ddl/render-ddl.js';

/**
 * The data step of the agent model refactor (revisions 69cb68688942 and 9fa66e01df94): each
 * agent's `model` JSON yields `model_id` and an `agent_model_config` holding only the tuning
 * fields it had. Rows without a usable model id are left as they are: as in the MySQL history,
 * where a value the server refuses as an integer (an empty string, a word, a list) fails that
 * row's update alone and the row keeps its empty model columns.
 */

const TUNING_FIELDS = ['temperature', 'top_p', 'timeout'] as const;

// MySQL reads a backslash in a string literal as an escape; SQLite does not
const literal = (dialect: Dialect, value: string) =>
  dialect === 'mysql' ? mysqlStringLiteral(value) : `'${value.replaceAll("'", "''")}'`;

/** The integer the server stores for `value`, or undefined where it refuses it (pure). */
export function modelIdOf(value: unknown): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0;
  // a number is rounded half away from zero, as MySQL stores a decimal in an integer column
  if (typeof value === 'number') return Number.isFinite(value) ? Math.sign(value) * Math.round(Math.abs(value)) : undefined;
  if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

/** The update statements for the rows `{id, model}` of `table` (pure). */
export function agentModelUpdates(dialect: Dialect, table: string, rows: readonly Record<string, unknown>[]): string[] {
  const updates: string[] = [];
  for (const row of rows) {
    let model: unknown = row.model;
    try {
      if (typeof model === 'string') model = JSON.parse(model);
    } catch {
      continue;
    }
    const info = (model as { model_info?: Record<string, unknown> } | null)?.model_info ?? {};
    const modelId = modelIdOf(info.model_id);
    if (modelId === undefined) continue;
    const config: Record<string, unknown> = {};
    for (const field of TUNING_FIELDS) if (field in info) config[field] = info[field];
    updates.push(
      `UPDATE \`${table}\` SET \`model_id\` = ${modelId}, ` +
        `\`agent_model_config\` = ${literal(dialect, JSON.stringify(config))} WHERE \`id\` = ${Number(row.id)};`,
    );
  }
  return updates;
}

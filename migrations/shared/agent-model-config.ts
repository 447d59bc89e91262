/**
 * The data step of the agent model refactor (revisions 69cb68688942 and 9fa66e01df94): each
 * agent's `model` JSON yields `model_id` and an `agent_model_config` holding only the tuning
 * fields it had. Rows without a usable model id are left as they are.
 */

const TUNING_FIELDS = ['temperature', 'top_p', 'timeout'] as const;

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The update statements for the rows `{id, model}` of `table` (pure). */
export function agentModelUpdates(table: string, rows: readonly Record<string, unknown>[]): string[] {
  const updates: string[] = [];
  for (const row of rows) {
    let model: unknown = row.model;
    try {
      if (typeof model === 'string') model = JSON.parse(model);
    } catch {
      continue;
    }
    const info = (model as { model_info?: Record<string, unknown> } | null)?.model_info ?? {};
    const modelId = Number(info.model_id);
    if (info.model_id === undefined || info.model_id === null || !Number.isFinite(modelId)) continue;
    const config: Record<string, unknown> = {};
    for (const field of TUNING_FIELDS) if (field in info) config[field] = info[field];
    updates.push(
      `UPDATE \`${table}\` SET \`model_id\` = ${Math.trunc(modelId)}, ` +
        `\`agent_model_config\` = ${literal(JSON.stringify(config))} WHERE \`id\` = ${Number(row.id)};`,
    );
  }
  return updates;
}

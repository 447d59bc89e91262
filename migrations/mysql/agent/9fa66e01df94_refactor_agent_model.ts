import type { RevisionInfo } from '../../../src/version-guard/revision.js';
import { RevisionMigration } from '../../../src/version-guard/revision-migration.js';
import { addColumnSql, dropColumnSql } from '../../../src/database/ddl/render-ddl.js';
import { INTEGER, JSON_, col } from '../../../src/database/ddl/table-spec.js';
import { agentModelUpdates } from '../../shared/agent-model-config.js';

const TABLES = ['agent', 'agent_publish'] as const;
const MODEL_ID = col('model_id', INTEGER);
const MODEL_CONFIG = col('agent_model_config', JSON_);

/** Replaces the `model` JSON of agents by `model_id` and `agent_model_config`, carrying the values over. */
export class Revision_9fa66e01df94 extends RevisionMigration {
  static readonly revision = {
    id: '9fa66e01df94',
    parents: ['06a1f79bce8b'],
    message: 'feat: refactor agent model',
    breaking: true,
  } as const satisfies RevisionInfo;

  override async up(): Promise<void> {
    // every check and read runs before any SQL: MikroORM executes the queued statements after up() returns
    const plans = [];
    for (const table of TABLES) {
      const hasModel = await this.columnExists(table, 'model');
      const rows = hasModel ? await this.execute(`SELECT id, model FROM \`${table}\` WHERE model IS NOT NULL`) : [];
      plans.push({
        table,
        hasModel,
        hasModelId: await this.columnExists(table, 'model_id'),
        hasConfig: await this.columnExists(table, 'agent_model_config'),
        rows,
      });
    }

    for (const plan of plans) {
      if (!plan.hasModelId) this.addSql(addColumnSql('mysql', plan.table, MODEL_ID));
      if (!plan.hasConfig) this.addSql(addColumnSql('mysql', plan.table, MODEL_CONFIG));
      for (const sql of agentModelUpdates('mysql', plan.table, plan.rows)) this.addSql(sql);
      if (plan.hasModel) this.addSql(dropColumnSql(plan.table, 'model'));
    }
  }

  override async down(): Promise<void> {
    const plans = [];
    for (const table of [...TABLES].reverse()) {
      plans.push({
        table,
        hasModel: await this.columnExists(table, 'model'),
        hasModelId: await this.columnExists(table, 'model_id'),
        hasConfig: await this.columnExists(table, 'agent_model_config'),
      });
    }

    for (const plan of plans) {
      // back where 0.1.3 had it
      if (!plan.hasModel) this.addSql(addColumnSql('mysql', plan.table, col('model', JSON_), 'workflows'));
      if (plan.hasConfig) this.addSql(dropColumnSql(plan.table, 'agent_model_config'));
      if (plan.hasModelId) this.addSql(dropColumnSql(plan.table, 'model_id'));
    }
  }
}

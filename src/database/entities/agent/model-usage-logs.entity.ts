import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index } from '../index-naming.js';

/** `model_usage_logs`: one call to a configured model. */
export const ModelUsageLogs = defineEntity({
  name: 'ModelUsageLogs',
  tableName: 'model_usage_logs',
  properties: {
    id: p.integer().primary().autoincrement(),
    modelConfigId: p.integer(),
    promptTokens: p.integer().nullable(),
    completionTokens: p.integer().nullable(),
    totalTokens: p.integer().nullable(),
    cost: p.float().nullable(),
    responseTime: p.float().nullable(),
    success: p.boolean().nullable(),
    errorMessage: p.text().nullable(),
    ipAddress: p.string().length(45).nullable(),
    userAgent: p.text().nullable(),
    requestId: p.string().length(100).nullable(),
    createdAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
  },
  indexes: [
    index('ix_model_usage_logs_created_at', 'createdAt'),
    index('ix_model_usage_logs_id', 'id'),
    index('ix_model_usage_logs_model_config_id', 'modelConfigId'),
    index('ix_model_usage_logs_request_id', 'requestId'),
  ],
});

/** A row of `model_usage_logs`. */
export type IModelUsageLogs = InferEntity<typeof ModelUsageLogs>;

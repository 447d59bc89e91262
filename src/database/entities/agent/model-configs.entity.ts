import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index } from '../index-naming.js';

/** `model_configs`: an LLM configured in a space. */
export const ModelConfigs = defineEntity({
  name: 'ModelConfigs',
  tableName: 'model_configs',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(100),
    spaceId: p.string().length(50),
    provider: p.string().length(50),
    modelType: p.string().length(100),
    description: p.text().nullable(),
    tags: p.json<unknown>().nullable(),
    apiKey: p.text().nullable(),
    baseUrl: p.string().length(500).nullable(),
    isActive: p.boolean().nullable(),
    parameters: p.json<unknown>().nullable(),
    timeout: p.integer().nullable(),
    retryCount: p.integer().nullable(),
    enableStreaming: p.boolean().nullable(),
    enableFunctionCalling: p.boolean().nullable(),
    totalRequests: p.integer().nullable(),
    totalTokens: p.integer().nullable(),
    totalCost: p.float().nullable(),
    successRate: p.float().nullable(),
    avgResponseTime: p.float().nullable(),
    lastUsed: p.datetime().nullable(),
    dailyRequests: p.integer().nullable(),
    dailyTokens: p.integer().nullable(),
    dailyCost: p.float().nullable(),
    monthlyRequests: p.integer().nullable(),
    monthlyTokens: p.integer().nullable(),
    monthlyCost: p.float().nullable(),
    createdAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
    updatedAt: p.datetime().nullable().defaultRaw('CURRENT_TIMESTAMP'),
    isSystemModel: p.boolean().nullable().default(false),
    systemModelId: p.integer().nullable(),
  },
  indexes: [
    index('ix_model_configs_id', 'id'),
    index('ix_model_configs_is_active', 'isActive'),
    index('ix_model_configs_name', 'name'),
    index('ix_model_configs_provider', 'provider'),
    index('ix_model_configs_space_id', 'spaceId'),
    index('ix_model_configs_system_model_id', 'systemModelId'),
  ],
});

/** A row of `model_configs`. */
export type IModelConfigs = InferEntity<typeof ModelConfigs>;

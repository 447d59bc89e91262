import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { foreignKeyIndex, index, uniqueConstraint } from '../index-naming.js';

/** `tool`: a tool of a plugin. */
export const Tool = defineEntity({
  name: 'Tool',
  tableName: 'tool',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    toolId: p.string().length(100),
    toolName: p.string().length(255).nullable(),
    desc: p.string().length(512).nullable(),
    spaceId: p.string().length(100).nullable(),
    pluginId: p.string().length(100),
    pluginType: p.integer(),
    pluginVersion: p.string().length(100).nullable(),
    inputParameters: p.json<unknown>().nullable(),
    outputParameters: p.json<unknown>().nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    available: p.boolean().default(true),
  },
  indexes: [
    foreignKeyIndex('plugin_id', 'pluginId', 'pluginVersion'),
    index('idx_space_id', 'spaceId'),
  ],
  uniques: [
    uniqueConstraint('unique_tool_id_version', 'toolId', 'pluginVersion'),
  ],
});

/** A row of `tool`. */
export type ITool = InferEntity<typeof Tool>;

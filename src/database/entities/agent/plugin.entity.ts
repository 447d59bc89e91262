import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { index, uniqueConstraint, uniqueIndex } from '../index-naming.js';

/** `plugin`: a plugin draft. */
export const Plugin = defineEntity({
  name: 'Plugin',
  tableName: 'plugin',
  properties: {
    pluginId: p.string().length(100),
    pluginVersion: p.string().length(100).nullable(),
    id: p.bigint('number').primary().autoincrement(),
    pluginName: p.string().length(255).nullable(),
    desc: p.string().length(512).nullable(),
    url: p.string().length(512).nullable(),
    spaceId: p.string().length(100).nullable(),
    iconUri: p.string().length(512).nullable(),
    pluginType: p.integer(),
    tools: p.json<unknown>().nullable(),
    rest: p.json<unknown>().nullable().fieldName('_rest_'),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
    descMk: p.text().nullable(),
    inputs: p.json<unknown>().nullable(),
  },
  indexes: [
    index('idx_space_id', 'spaceId'),
  ],
  uniques: [
    uniqueIndex('ix_plugin_plugin_id', 'pluginId'),
    uniqueConstraint('unique_plugin_id_version', 'pluginId', 'pluginVersion'),
  ],
});

/** A row of `plugin`. */
export type IPlugin = InferEntity<typeof Plugin>;

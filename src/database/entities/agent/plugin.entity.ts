import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from '../columns.js';

/** `plugin`: an installed agent plugin (since 0.1.3). */
export const Plugin = defineEntity({
  name: 'Plugin',
  tableName: 'plugin',
  properties: {
    id: uuidPrimaryKey(),
    name: p.string().length(255),
    version: p.string().length(32),
    manifest: p.text().nullable(),
    enabled: p.boolean().default(true),
    createdAt: p.datetime(),
  },
});

/** A row of `plugin`. */
export type IPlugin = InferEntity<typeof Plugin>;

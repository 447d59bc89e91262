import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uniqueConstraint } from '../index-naming.js';

/** `reference`: a reference between two versioned resources. */
export const Reference = defineEntity({
  name: 'Reference',
  tableName: 'reference',
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    spaceId: p.string().length(100),
    referencedType: p.string().length(20),
    referencedId: p.string().length(100),
    referencedVersion: p.string().length(100),
    refererType: p.string().length(20),
    refererId: p.string().length(100),
    refererVersion: p.string().length(100),
    createTime: p.bigint('number').nullable(),
    updateTime: p.bigint('number').nullable(),
  },
  uniques: [
    uniqueConstraint('uix_reference', 'spaceId', 'referencedType', 'referencedId', 'referencedVersion', 'refererType', 'refererId', 'refererVersion'),
  ],
});

/** A row of `reference`. */
export type IReference = InferEntity<typeof Reference>;

import { p } from '@mikro-orm/core';

/** A `varchar(36)` UUID primary key, the id column of every domain table. */
export const uuidPrimaryKey = () => p.string().length(36).primary();

/** `created_at` and `updated_at`, both required. */
export const timestamps = () => ({ createdAt: p.datetime(), updatedAt: p.datetime() });

import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { timestamps, uuidPrimaryKey } from '../columns.js';

/** `user_profile`: display data and preferences of a user (after 0.1.4). */
export const UserProfile = defineEntity({
  name: 'UserProfile',
  tableName: 'user_profile',
  properties: {
    id: uuidPrimaryKey(),
    userId: p.string().length(64).unique('uniq_user_profile_user_id'),
    displayName: p.string().length(255),
    email: p.string().length(255).nullable(),
    preferences: p.text().nullable(),
    ...timestamps(),
  },
});

/** A row of `user_profile`. */
export type IUserProfile = InferEntity<typeof UserProfile>;

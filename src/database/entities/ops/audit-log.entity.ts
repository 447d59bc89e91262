import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { uuidPrimaryKey } from '../columns.js';

/** `audit_log`: who did what to which target (since 0.1.3; ip_address after 0.1.4). */
export const AuditLog = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: {
    id: uuidPrimaryKey(),
    actor: p.string().length(255),
    action: p.string().length(64),
    target: p.string().length(255).nullable(),
    detail: p.text().nullable(),
    createdAt: p.datetime(),
    ipAddress: p.string().length(45).nullable(),
  },
});

/** A row of `audit_log`. */
export type IAuditLog = InferEntity<typeof AuditLog>;

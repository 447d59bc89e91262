import { describe, expect, it } from 'vitest';
import { isBreakingChange } from '../../src/authoring/breaking-change.js';

describe('isBreakingChange (SPEC §2)', () => {
  it.each([
    ['a new table', 'create table `plugin_tag` (`id` integer not null primary key, `name` text not null);'],
    ['a new index', 'create index `idx_agent_status` on `agent` (`status`);'],
    ['a new unique index', 'create unique index `uq_agent_name` on `agent` (`name`);'],
    ['a nullable column', 'alter table `agent` add column `nickname` text null;'],
    ['a required column with a default', "alter table `agent` add column `status` varchar(32) not null default 'active';"],
    ['several additive MySQL clauses', "alter table `agent` add `a` int null, add `b` varchar(8) not null default 'x', add index `idx_a`(`a`);"],
  ])('%s is not breaking', (_what, sql) => {
    expect(isBreakingChange([sql])).toBe(false);
  });

  it.each([
    ['a dropped table', 'drop table `agent`;'],
    ['a dropped column', 'alter table `agent` drop column `status`;'],
    ['a required column without default', 'alter table `agent` add column `owner` varchar(36) not null;'],
    ['a type change', 'alter table `agent` modify `name` varchar(64) not null;'],
    ['a rename', 'alter table `agent` rename column `name` to `title`;'],
    ['a data rewrite', "update `agent` set `status` = 'active';"],
    ['a SQLite table rebuild', 'pragma foreign_keys = off;'],
    ['one breaking clause among additive ones', 'alter table `agent` add `a` int null, drop `b`;'],
  ])('%s is breaking', (_what, sql) => {
    expect(isBreakingChange(['create table `x` (`id` int);', sql])).toBe(true);
  });

  it('an empty diff is not breaking', () => {
    expect(isBreakingChange([])).toBe(false);
  });
});

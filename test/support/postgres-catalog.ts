/**
 * SQL over PostgreSQL's system catalogs for the test helpers (no server connection here, so any
 * module may import it). information_schema's views took 5-30 ms a question on the test server,
 * about 3 s of its CPU a run.
 */

/** `from …` the current schema's tables (`c` is pg_class): add conditions with `and`. */
export const CURRENT_SCHEMA_TABLES = `from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace where n.nspname = current_schema() and c.relkind in ('r', 'p')`;

/**
 * Every column of the current schema's tables as one line (name, type, nullability, default), with
 * `table_name`, `column_name` and `position`: select from it as a subquery.
 */
export const POSTGRES_COLUMN_LINES =
  `select c.relname::text as table_name, a.attname::text as column_name, a.attnum as position, ` +
  `'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' null=' || (not a.attnotnull) || ' default=' || coalesce(pg_get_expr(d.adbin, d.adrelid), '') as line ` +
  `from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid join pg_catalog.pg_namespace n on n.oid = c.relnamespace ` +
  `left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum ` +
  `where n.nspname = current_schema() and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`;


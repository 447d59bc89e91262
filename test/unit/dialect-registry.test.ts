import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../src/version-guard/core/revision.js';
import { UnknownDialectError, dialectOfDriver, dialectSupport } from '../../src/version-guard/dialects/registry.js';

describe('dialect registry', () => {
  it('has a support for every dialect, each naming itself and its own driver', () => {
    for (const dialect of DIALECTS) {
      const support = dialectSupport(dialect);
      expect(support.name).toBe(dialect);
      const driver = { constructor: { name: support.driverClass } };
      expect(dialectOfDriver(driver)).toBe(dialect);
    }
  });

  it('refuses an unknown dialect by name instead of falling back to another', () => {
    expect(() => dialectSupport('oracle')).toThrow(UnknownDialectError);
    expect(() => dialectSupport('oracle')).toThrow(`unknown database type "oracle"; supported: ${DIALECTS.join(', ')}`);
    // a prototype key is not a dialect either
    expect(() => dialectSupport('toString')).toThrow(UnknownDialectError);
    class OracleDriver {}
    expect(() => dialectOfDriver(new OracleDriver())).toThrow('unknown database type "driver OracleDriver"');
  });

  it('parses and prints locations without leaking a password', () => {
    const mysql = dialectSupport('mysql');
    const location = mysql.parseLocation('mysql://app:s3cret@db.example:3307/agent')!;
    expect(location).toMatchObject({ dialect: 'mysql', dbName: 'agent' });
    expect(mysql.printable(location as never)).toBe('mysql://app:***@db.example:3307/agent');
    expect(mysql.redact('Access denied for app:s3cret', location as never)).toBe('Access denied for app:***');
    expect(mysql.parseLocation('postgresql://app@db/agent')).toBeNull();
    expect(mysql.parseLocation('mysql://db.example/')).toBeNull();
    expect(mysql.sameDatabase(location as never, mysql.parseLocation('mysql://other:pw@db.example:3307/agent') as never)).toBe(true);
    expect(mysql.sameDatabase(location as never, mysql.parseLocation('mysql://app:s3cret@db.example/agent') as never)).toBe(false);
  });

  it('words an insert that ignores an existing key in each dialect', () => {
    expect(dialectSupport('sqlite').insertIgnoringDuplicate('t', ['a', 'b'])).toBe('insert or ignore into t (a, b) values (?, ?)');
    expect(dialectSupport('mysql').insertIgnoringDuplicate('t', ['a'])).toBe('insert ignore into t (a) values (?)');
  });

  it('tells a server that accepts no writes (a replica, read-only mode) from other faults', () => {
    const mysql = dialectSupport('mysql');
    const readOnly = 'The MariaDB server is running with the --read-only option so it cannot execute this statement';
    expect(mysql.classifyFault(['ER_OPTION_PREVENTS_STATEMENT'], readOnly, false)).toBe('read_only_server');
    expect(mysql.classifyFault(['ER_OPTION_PREVENTS_STATEMENT'], readOnly.replace('--read-only', '--super-read-only'), true)).toBe('read_only_server');
    // the same code for another option is not a read-only server
    expect(mysql.classifyFault(['ER_OPTION_PREVENTS_STATEMENT'], 'The MySQL server is running with the --secure-file-priv option so it cannot execute this statement', false)).toBeNull();
    expect(mysql.classifyFault(['ER_READ_ONLY_MODE'], 'Running in read-only mode', false)).toBe('read_only_server');
    expect(mysql.classifyFault(['ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION'], 'Cannot execute statement in a READ ONLY transaction.', false)).toBe('read_only_server');
    expect(dialectSupport('postgresql').classifyFault(['25006'], 'cannot execute CREATE TABLE in a read-only transaction', false)).toBe('read_only_server');
    expect(dialectSupport('postgresql').classifyFault(['42501'], 'permission denied for schema public', false)).toBe('privilege_missing');
  });

  it('tells a Galera node that serves no clients (outside the primary component) from an unreachable server', () => {
    const mysql = dialectSupport('mysql');
    expect(mysql.classifyFault(['ER_UNKNOWN_COM_ERROR'], 'WSREP has not yet prepared node for application use', false)).toBe('node_not_ready');
    // (found by the session setup, which checks wsrep_ready before reading causally)
    expect(mysql.classifyFault(['WSREP_NOT_READY'], 'this node is not part of the primary component (wsrep_ready=OFF)', false)).toBe('node_not_ready');
    expect(mysql.classifyFault(['ER_UNKNOWN_COM_ERROR'], 'Unknown command', false)).toBeNull();
    expect(mysql.classifyFault(['ECONNREFUSED'], 'connect ECONNREFUSED 127.0.0.1:3306', false)).toBe('unreachable');
  });

  it("tells node-postgres's connect timeout (a session that never opened) from a connection lost mid-way", () => {
    const postgresql = dialectSupport('postgresql');
    for (const text of ['Connection terminated due to connection timeout', 'timeout exceeded when trying to connect', 'timeout expired']) {
      expect(postgresql.classifyFault([], text, true), text).toBe('unreachable');
    }
    expect(postgresql.classifyFault([], 'Connection terminated unexpectedly', true)).toBe('connection_lost');
  });
});

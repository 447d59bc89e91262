import { describe, expect, it } from 'vitest';
import { VersionGuardService } from '../../src/version-guard/nest/version-guard.service.js';
import { recordingLogger } from '../support/recording-logger.js';
import { LINEAGE_TABLE } from '../../src/version-guard/engine/bookkeeping/guard-tables.js';
import { openEngine, testConfig } from '../support/engine.js';
import { readDb, sqliteEnv, tempDir, writeDb } from '../support/sqlite-files.js';

type LineageRow = { revision: string; parents: string; breaking: number };

describe('recorded lineage (parents and breaking flag of each applied revision)', () => {
  it('is written as revisions run, and filled in from the code at the next start for revisions applied before it existed', async ({ onTestFinished }) => {
    const env = sqliteEnv(tempDir('lineage-'));
    const config = testConfig({ ...env, DB_UPGRADE_POLICY: 'auto' });
    const first = await openEngine(config);
    onTestFinished(() => first.close());
    await new VersionGuardService(config, first.engine, Object.values(first.db), undefined, recordingLogger().logger).verifyAtBoot('auto');
    const code = await first.engine.codeFor(first.db.agent);
    await first.close();

    const rows = () =>
      readDb(env.AGENT_DB_PATH, (d) => d.prepare(`select revision, parents, breaking from ${LINEAGE_TABLE} order by revision`).all() as LineageRow[]);
    const expected = code.entries
      .map((e) => ({ revision: e.id, parents: e.parents.join(','), breaking: e.breaking ? 1 : 0 }))
      .sort((a, b) => a.revision.localeCompare(b.revision));
    expect(rows()).toEqual(expected);

    // as a database upgraded by a release that did not record lineage
    writeDb(env.AGENT_DB_PATH, (d) => d.exec(`delete from ${LINEAGE_TABLE}`));
    const second = await openEngine(testConfig({ ...env, DB_UPGRADE_POLICY: 'check' }));
    onTestFinished(() => second.close());
    await new VersionGuardService(config, second.engine, Object.values(second.db), undefined, recordingLogger().logger).verifyAtBoot('check');
    expect(rows()).toEqual(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { alembicSetup } from '../../bench/peers.js';

// SPEC §8: the benchmark installs what it needs, and says so when a peer is missing.
describe('the benchmark sets up Alembic', () => {
  const facts = { installed: false, root: true, aptGet: true, optOut: false };

  it('does nothing when Alembic is installed, whatever else holds', () => {
    expect(alembicSetup({ ...facts, installed: true })).toEqual({ install: false });
    expect(alembicSetup({ installed: true, root: false, aptGet: false, optOut: true })).toEqual({ install: false });
  });

  it('installs it with apt-get as root', () => {
    expect(alembicSetup(facts)).toEqual({ install: true });
  });

  it('says why it cannot, and what to run, otherwise', () => {
    expect(alembicSetup({ ...facts, optOut: true })).toEqual({ install: false, why: 'Alembic is not installed, and BENCH_INSTALL_PEERS=0: run `apt-get install -y python3-alembic`' });
    expect(alembicSetup({ ...facts, root: false })).toEqual({ install: false, why: 'Alembic is not installed: run `sudo apt-get install -y python3-alembic`' });
    expect(alembicSetup({ ...facts, aptGet: false })).toEqual({ install: false, why: 'Alembic is not installed, and there is no apt-get here: install Alembic for /usr/bin/python3' });
  });
});

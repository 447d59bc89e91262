import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { toStatusJson } from '../version-guard/core/database-status.js';
import { VersionEngine } from '../version-guard/engine/version-engine.js';
import type { ManagedDatabase } from '../version-guard/core/database-handle.js';

/** Terminus indicator: a database is up while it is at head; its data is the `status --json` object. */
@Injectable()
export class DatabasesHealthIndicator {
  constructor(
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(VersionEngine) private readonly engine: VersionEngine,
  ) {}

  async atHead(db: ManagedDatabase): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(db.name);
    try {
      const status = toStatusJson(await this.engine.status(db));
      // an older build on a compatibly newer schema serves, so it is ready
      return status.state === 'up_to_date' || status.state === 'ahead_compatible' ? indicator.up(status) : indicator.down(status);
    } catch (error) {
      return indicator.down({ name: db.name, dialect: db.dialect, state: 'unreachable', error: error instanceof Error ? error.message : String(error) });
    }
  }
}

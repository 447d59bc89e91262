import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
// not named `Response`: the decorator metadata the build emits would read the global fetch
// `Response`, and loading it (undici) cost every start about 20 ms
import type { Response as ExpressResponse } from 'express';
import { BootProgress, MANAGED_DATABASES } from '../version-guard/index.js';
import type { ManagedDatabase } from '../version-guard/core/database-handle.js';
import { DatabasesHealthIndicator } from './databases.health.js';

/**
 * Probes for orchestrators. Readiness (`/health`, `/health/ready`): 200 while both databases are
 * at head (or compatibly ahead), 503 otherwise, and 503 with the progress while the boot upgrade
 * runs. Liveness (`/health/live`): 200 whenever the process serves.
 */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(DatabasesHealthIndicator) private readonly indicator: DatabasesHealthIndicator,
    @Inject(MANAGED_DATABASES) private readonly databases: readonly ManagedDatabase[],
    @Inject(BootProgress) private readonly boot: BootProgress,
  ) {}

  @Get(['', 'ready'])
  async ready(@Res() res: ExpressResponse): Promise<void> {
    const upgrading = this.boot.snapshot();
    if (upgrading) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE).json(upgrading);
      return;
    }
    let result: HealthCheckResult;
    try {
      result = await this.health.check(this.databases.map((db) => () => this.indicator.atHead(db)));
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      result = error.getResponse() as HealthCheckResult;
    }
    const databases = this.databases.map((db) => {
      const { status: _indicator, ...details } = result.details[db.name] ?? {};
      return details;
    });
    res.status(result.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: result.status, databases });
  }

  @Get('live')
  live(@Res() res: ExpressResponse): void {
    res.status(HttpStatus.OK).json({ status: 'ok' });
  }
}

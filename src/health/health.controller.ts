import { Controller, Get, HttpStatus, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { MANAGED_DATABASES } from '../version-guard/index.js';
import type { ManagedDatabase } from '../version-guard/version.repository.js';
import { DatabasesHealthIndicator } from './databases.health.js';

/** Readiness probe: 200 while both databases are at head, 503 otherwise, same body shape either way. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(DatabasesHealthIndicator) private readonly indicator: DatabasesHealthIndicator,
    @Inject(MANAGED_DATABASES) private readonly databases: readonly ManagedDatabase[],
  ) {}

  @Get()
  async check(@Res() res: Response): Promise<void> {
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
}

import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { toStatusJson } from '../version-guard/database-status.js';
import { VersionEngine } from '../version-guard/version-engine.js';
import { MANAGED_DATABASES } from '../version-guard/version-guard.module.js';
import type { ManagedDatabase } from '../version-guard/version.repository.js';

/** Readiness probe: 200 while both databases are at head, 503 otherwise, same body either way. */
@Controller('health')
export class HealthController {
  constructor(
    @Inject(VersionEngine) private readonly engine: VersionEngine,
    @Inject(MANAGED_DATABASES) private readonly databases: readonly ManagedDatabase[],
  ) {}

  @Get()
  async health(@Res() res: Response): Promise<void> {
    const statuses = await Promise.all(this.databases.map((db) => this.engine.status(db)));
    const ready = statuses.every((status) => status.state === 'up_to_date');
    res.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ready ? 'ok' : 'unavailable',
      databases: statuses.map(toStatusJson),
    });
  }
}

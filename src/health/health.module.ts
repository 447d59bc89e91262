import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DatabasesHealthIndicator } from './databases.health.js';
import { HealthController } from './health.controller.js';

/** `GET /health`: readiness of both databases, on Nest's Terminus. */
@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [DatabasesHealthIndicator],
})
export class HealthModule {}

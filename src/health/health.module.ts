import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';

/** `GET /health`: readiness of both databases. */
@Module({ controllers: [HealthController] })
export class HealthModule {}

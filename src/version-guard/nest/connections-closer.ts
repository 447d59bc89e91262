import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { MANAGED_DATABASES } from './version-guard.module.js';
import type { ManagedDatabase } from '../core/database-handle.js';
import { messages } from '../core/messages/index.js';

/** Closes both database connections when the application shuts down (SIGTERM, SIGINT, app.close()). */
@Injectable()
export class ConnectionsCloser implements OnApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(@Inject(MANAGED_DATABASES) private readonly databases: readonly ManagedDatabase[]) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    for (const db of this.databases) {
      if (await db.orm.isConnected()) await db.orm.close();
    }
    this.logger.log(messages.connectionsClosed(signal));
  }
}

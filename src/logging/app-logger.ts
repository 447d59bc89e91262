import { ConsoleLogger } from '@nestjs/common';

/**
 * The application's logger: Nest's console logger, colourless unless writing to a terminal (so
 * the guard's lines stay exact in files and pipes), and silent about errors the caller reports
 * itself (Nest logs a failed bootstrap with a stack trace; the guard prints its own explanation).
 */
export class AppLogger extends ConsoleLogger {
  constructor() {
    super({ colors: Boolean(process.stdout.isTTY) });
  }

  override error(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (context === 'ExceptionHandler') return;
    super.error(message, ...(rest as [string?, string?]));
  }
}

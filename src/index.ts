/**
 * The `userpool` package: `startUserpool()` runs a Userpool server inside your process, for test
 * suites (see README "Use it from a test suite"). The server itself is the `userpool` command.
 */
export { startUserpool, type StartUserpoolOptions, type Userpool, type OutboxMessage } from './start-userpool.ts';

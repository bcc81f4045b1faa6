/** The server's entry point for `node src/main.ts [serve flags]` (tests, tsx): `userpool serve`. */
import { serveCommand } from './cli/serve.ts';

const code = await serveCommand(process.argv.slice(2));
if (code !== 0) process.exit(code);

#!/usr/bin/env node
// The `userpool` command: the compiled CLI (dist/, built by `npm ci` / `npm pack` through `prepare`).
await import('../dist/cli/main.js');

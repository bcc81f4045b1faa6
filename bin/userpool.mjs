#!/usr/bin/env node
// The `userpool` operator CLI (see src/cli/main.ts): registers tsx from this package, then runs the
// TypeScript entry point — from any working directory, through npx or a global install.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');

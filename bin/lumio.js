#!/usr/bin/env node
// Runs the Lumio CLI from its TypeScript sources through tsx's loader, so the CLI, the tests
// and the benchmark all run the very same code.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));

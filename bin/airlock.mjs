#!/usr/bin/env node
// Runs the Airlock CLI from the TypeScript sources (through tsx), so it always matches the checkout.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main/cli/program.ts');
process.exitCode = await runCli(process.argv.slice(2));

#!/usr/bin/env node
// Runs the fixture hub on its own:
//   node dist/js/fixture-hub/main.js [--port 8080] [--root tests/fixtures/repos] [--latency-ms 20] [--token T]
import { parseArgs } from 'node:util';
import { DEFAULT_FIXTURE_TOKEN, startFixtureHub } from './server.js';

const USAGE = `usage: fixture-hub [--port N] [--root DIR] [--latency-ms MS] [--token TOKEN] [--host HOST]
Serves tests/fixtures/repos in the Hugging Face Hub's URL layout (resolve + api/models), with Range and CORS.
Gated repos accept "Authorization: Bearer ${DEFAULT_FIXTURE_TOKEN}" unless --token says otherwise.`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '8080' },
        root: { type: 'string' },
        'latency-ms': { type: 'string', default: '0' },
        token: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`E_USAGE: ${(e as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  const latencyMs = Number(values['latency-ms']);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isFinite(latencyMs) || latencyMs < 0) {
    process.stderr.write(`E_USAGE: --port must be 0..65535 and --latency-ms >= 0\n${USAGE}\n`);
    process.exit(2);
  }
  const hub = await startFixtureHub({
    port,
    latencyMs,
    host: values.host,
    ...(values.root !== undefined && { root: values.root }),
    ...(values.token !== undefined && { token: values.token }),
  });
  process.stdout.write(`fixture hub listening on ${hub.url}\n`);
  const stop = () => {
    void hub.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();

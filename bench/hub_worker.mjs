// The fixture hub on its own thread, so its work does not run on the clients' event loop.
// Messages in: {id, op: 'stats' | 'resetStats' | 'setFaults' | 'close', faults?}. Out: {id, value}.
import { parentPort, workerData } from 'node:worker_threads';

const { startFixtureHub } = await import(workerData.serverModule);
const hub = await startFixtureHub({ root: workerData.root, port: 0 });
parentPort.postMessage({ ready: true, url: hub.url });

parentPort.on('message', async ({ id, op, faults }) => {
  let value;
  if (op === 'stats') value = hub.stats();
  else if (op === 'resetStats') hub.resetStats();
  else if (op === 'setFaults') hub.setFaults(faults);
  else if (op === 'close') {
    await hub.close();
    parentPort.postMessage({ id });
    parentPort.close();
    return;
  }
  parentPort.postMessage({ id, value });
});

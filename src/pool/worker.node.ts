/** Node worker_threads entry: thin on purpose; everything lives in api.ts. */
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { workerApi } from './api.ts';

if (!parentPort) throw new Error('worker.node.ts must run in a worker thread');
Comlink.expose(workerApi, nodeEndpoint(parentPort));

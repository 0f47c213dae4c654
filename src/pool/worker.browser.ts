/** Browser Web Worker entry: thin on purpose; everything lives in api.ts. */
import * as Comlink from 'comlink';
import { workerApi } from './api.ts';

Comlink.expose(workerApi);

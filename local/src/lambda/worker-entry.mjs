// One Lambda execution environment: a worker thread with its own module graph and its own
// copy of process.env, so one function's configuration or module state never leaks into
// another's. The parent (runtime.ts) sends invocations one at a time, like Lambda's Runtime API.
import { createRequire, enableCompileCache, flushCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

const { bundlePath, exportName, functionName, memorySizeMb, logGroupName, logStreamName, compileCacheDir } = workerData;
// V8's compiled code for the bundle and the AWS SDK it loads, kept on disk and shared by every
// environment (and every start of the cloud): a cold start then skips most of the compiling.
// Lambda has no such cache; its init is measured on AWS, not here.
if (compileCacheDir) enableCompileCache(compileCacheDir);
const require = createRequire(bundlePath);

let handler;
let initError;
const initStarted = performance.now();
try {
  const module = require(bundlePath);
  handler = module[exportName];
  if (typeof handler !== 'function') {
    initError = {
      errorType: 'Runtime.HandlerNotFound',
      errorMessage: `${bundlePath}.${exportName} is undefined or not exported`,
    };
  }
} catch (error) {
  initError = serializeError(error, 'Runtime.ImportModuleError');
}
const initDurationMs = performance.now() - initStarted;
// An environment can be stopped without an orderly exit (an idle recycle, a timeout), so the
// cache is written now, while the code is fresh in it.
if (compileCacheDir) flushCompileCache();

process.on('unhandledRejection', (reason) => {
  parentPort.postMessage({ type: 'crash', error: serializeError(reason, 'Runtime.UnhandledPromiseRejection') });
});

parentPort.on('message', async (message) => {
  if (message.type !== 'invoke') return;
  const { requestId, event, deadline, clientContext, identity, invokedFunctionArn } = message;
  if (initError) {
    parentPort.postMessage({ type: 'result', requestId, ok: false, error: initError, initDurationMs });
    return;
  }
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn,
    memoryLimitInMB: String(memorySizeMb),
    awsRequestId: requestId,
    logGroupName,
    logStreamName,
    identity,
    clientContext,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
  try {
    const value = await invokeHandler(handler, event, context);
    parentPort.postMessage({
      type: 'result',
      requestId,
      ok: true,
      value: value === undefined ? null : value,
      initDurationMs,
    });
  } catch (error) {
    parentPort.postMessage({
      type: 'result',
      requestId,
      ok: false,
      error: serializeError(error, 'Error'),
      initDurationMs,
    });
  }
});

/** Supports async handlers and the older callback style, as the Node.js runtime does. */
function invokeHandler(fn, event, context) {
  return new Promise((resolve, reject) => {
    const callback = (error, value) => (error ? reject(error) : resolve(value));
    try {
      const returned = fn(event, context, callback);
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
      else if (fn.length < 3) resolve(returned);
    } catch (error) {
      reject(error);
    }
  });
}

function serializeError(error, fallbackType) {
  if (error instanceof Error) {
    return {
      errorType: error.name && error.name !== 'Error' ? error.name : fallbackType,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: fallbackType, errorMessage: String(error), trace: [] };
}

// A real atproto network for Stratus end-to-end tests: an in-memory PLC directory and a SQLite PDS,
// both from @atproto/dev-env, in this one Node process, on loopback only.
//
//   node network.mjs [--pds-port N] [--blob-limit BYTES]   (or PDS_PORT=N; default: a free port)
//
// Protocol with the parent (dev.stratus.testkit.e2e.AtprotoNetwork): once both servers listen,
// exactly one line of JSON goes to stdout:
//   {"pdsUrl":"http://localhost:P","pdsDid":"did:web:localhost","plcUrl":"http://localhost:Q"}
// Everything else goes to stderr. The network runs until stdin closes (the parent went away, or
// closed it on purpose) or SIGTERM/SIGINT arrives; it then shuts down, deletes its data and exits 0.

import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

// stdout carries only the ready line, so anything the libraries print goes to stderr instead.
const readyOut = process.stdout;
console.log = console.info = console.debug = console.error;
// pino (the PDS's logger, off unless LOG_ENABLED) would write to stdout; it reads this at import.
process.env.LOG_DESTINATION ??= '/dev/stderr';

// Raised from the PDS's 5 MiB default: Stratus uploads whole videos (bsky's own PDS installer
// uses 50-100 MB for the same reason).
// --blob-limit lowers it, to test a PDS that refuses large videos.
const BLOB_UPLOAD_LIMIT = Number(argValue('--blob-limit') ?? 100 * 1024 * 1024);

bindToLoopback();
const { TestNetworkNoAppView } = await import('@atproto/dev-env');

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'stratus-e2e-'));
let network;
try {
  network = await TestNetworkNoAppView.create({
    pds: {
      // Only when given: an explicit `port: undefined` would override dev-env's free port.
      ...(pdsPort() === undefined ? {} : { port: pdsPort() }),
      blobUploadLimit: BLOB_UPLOAD_LIMIT,
      // dev-env would scatter these in os.tmpdir() and never remove them; one folder we own.
      dataDirectory: dataDir,
      blobstoreDiskLocation: path.join(dataDir, 'blobs'),
      blobstoreDiskTmpLocation: path.join(dataDir, 'blobs-tmp'),
    },
  });
} catch (err) {
  console.error('network.mjs: failed to start:', err);
  await fs.rm(dataDir, { recursive: true, force: true });
  process.exit(1);
}

readyOut.write(
  JSON.stringify({
    pdsUrl: network.pds.url,
    pdsDid: network.pds.ctx.cfg.service.did,
    plcUrl: network.plc.url,
  }) + '\n',
);

let closing = false;
async function shutdown(why) {
  if (closing) return;
  closing = true;
  console.error(`network.mjs: ${why}, closing`);
  let code = 0;
  try {
    await network.close();
  } catch (err) {
    console.error('network.mjs: close failed:', err);
    code = 1;
  }
  await fs.rm(dataDir, { recursive: true, force: true });
  process.exit(code);
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
process.stdin.on('end', () => shutdown('stdin closed'));
process.stdin.on('close', () => shutdown('stdin closed'));
process.stdin.on('error', () => shutdown('stdin error'));
process.stdin.resume();

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function pdsPort() {
  const i = process.argv.indexOf('--pds-port');
  const raw = i >= 0 ? process.argv[i + 1] : process.env.PDS_PORT;
  if (raw === undefined || raw === '') return undefined;
  const port = Number(raw);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    console.error(`network.mjs: bad PDS port: ${raw}`);
    process.exit(2);
  }
  return port;
}

// The PDS and PLC call express's app.listen(port), which binds every interface and takes no host.
// A listen() given only a port (and maybe a callback) is pinned to 127.0.0.1, which is what
// "localhost" resolves to for both Node and Java here; calls that name a host are left alone.
function bindToLoopback() {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const portOnly =
      typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function');
    return portOnly ? listen.call(this, args[0], '127.0.0.1', ...args.slice(1)) : listen.apply(this, args);
  };
}

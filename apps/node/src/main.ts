import process from 'node:process';
import { serve } from '@hono/node-server';
import { onShutdown, startGateway } from '@aigw/server';
import { createUndiciFetch } from './undici-fetch.ts';

// scripts/build.mjs bundles the log writer thread into dist/, next to the bundled main.mjs; the
// path also resolves from src/ when this file runs under tsx (`node --import tsx src/main.ts`).
const logWorker = new URL('../dist/log-writer-worker.mjs', import.meta.url);
const { gateway, port, hostname } = await startGateway({ env: process.env, fetch: createUndiciFetch(), logWorker });

const server = serve({ fetch: gateway.fetch, port, hostname }, (info) => {
  console.log(`[aigw] listening on http://${hostname}:${info.port}`);
});

onShutdown(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    if (!('closeIdleConnections' in server)) return;
    // Keep-alive sockets become idle as their last response ends: close them as they do.
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    server.once('close', () => {
      clearInterval(idle);
      clearTimeout(force);
    });
  });
  await gateway.close();
});

import { onShutdown, startGateway } from '@aigw/server';

// Bun's global fetch is already a fast keep-alive client: no custom upstream fetch here.
const { gateway, port, hostname } = await startGateway({ env: process.env });

const server = Bun.serve({
  port,
  hostname,
  // LLM streams can stay quiet for minutes between tokens; never cut a connection for idling.
  idleTimeout: 0,
  fetch: gateway.fetch,
});

console.log(`[aigw] listening on http://${hostname}:${server.port}`);

onShutdown(async () => {
  // stop(false) closes the listener and resolves once in-flight requests have finished.
  await server.stop(false);
  await gateway.close();
});

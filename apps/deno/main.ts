import { onShutdown, startGateway } from '@aigw/server';

// Deno's global fetch is the upstream client; the environment is read once, as a plain object.
const { gateway, port, hostname } = await startGateway({ env: Deno.env.toObject() });

const server = Deno.serve(
  { port, hostname, onListen: (addr) => console.log(`[aigw] listening on http://${hostname}:${addr.port}`) },
  gateway.fetch,
);

// Deno 2.9 delivers SIGTERM/SIGINT to node:process listeners, so the shared handler works here.
onShutdown(async () => {
  // shutdown() stops accepting connections and resolves once in-flight requests have finished.
  await server.shutdown();
  await gateway.close();
});

/**
 * @module @aigw/server
 * What every server runtime does before it serves: read the environment and the config file,
 * open libSQL storage, build the gateway; and what it does when told to stop. Uses only `node:`
 * modules that Node, Bun and Deno all provide.
 */
export { startGateway, listenAddress, type StartOptions, type StartedGateway } from './start-gateway.ts';
export { onShutdown } from './shutdown.ts';
export { resolveSecretKey, dataDir, SECRET_KEY_FILE } from './secret-key.ts';

/**
 * The baseline: a minimal node:http keep-alive reverse proxy, the practical floor of a proxy in
 * Node. Streams bodies both ways, drops hop-by-hop headers, nothing else. Run as its own process:
 * `PORT=… UPSTREAM=http://127.0.0.1:… node --import tsx raw-proxy.ts` (the bench runs it compiled
 * to dist/raw-proxy.mjs on plain `node`).
 */
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';

const upstream = new URL(process.env.UPSTREAM ?? 'http://127.0.0.1:9000');
const agent = new Agent({ keepAlive: true, maxSockets: 256, keepAliveMsecs: 30_000 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'host']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
  return out;
}

const server = createServer({ noDelay: true }, (req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    return;
  }
  const up = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: forwardable(req.headers), agent },
    (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, forwardable(upRes.headers));
      upRes.pipe(res);
    },
  );
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`raw proxy listening on http://127.0.0.1:${(server.address() as { port: number }).port}`);
});
process.on('SIGTERM', () => process.exit(0));

import { ErrorCode, GatewayError } from '../errors.ts';

/** Admin API replies in Cloudflare's style: `{"success": true, "result": …, "result_info"?: …}`. */
export function ok(result: unknown, resultInfo?: Record<string, unknown>, status = 200): Response {
  return new Response(JSON.stringify({ success: true, result, ...(resultInfo ? { result_info: resultInfo } : {}) }), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** Reads a JSON request body or throws the 400 envelope (code 2100). */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw new GatewayError(ErrorCode.invalidJson, 400, '[aigw] [admin] request body is not valid JSON');
  }
}

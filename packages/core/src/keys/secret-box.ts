import { sha256Hex } from '../crypto.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const VERSION = 'v1';
/** Shorter secrets are refused: the key is derived with HKDF, which does not stretch weak input. */
export const MIN_SECRET_LENGTH = 16;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** Why a secret cannot be used, or undefined when it can. */
export function secretProblem(secret: string | undefined): string | undefined {
  if (!secret) return 'AIGW_SECRET_KEY is not set';
  if (secret.length < MIN_SECRET_LENGTH) return `AIGW_SECRET_KEY must be at least ${MIN_SECRET_LENGTH} characters (use 32 random bytes, base64)`;
  return undefined;
}

interface DerivedKey {
  id: string;
  key: CryptoKey;
}

/** The non-secret id of a secret: tells which secret encrypted a value, reveals nothing of it. */
export async function secretKeyId(secret: string): Promise<string> {
  return (await sha256Hex(`aigw-secret-key-id\u0000${secret}`)).slice(0, 12);
}

async function derive(secret: string): Promise<DerivedKey> {
  const problem = secretProblem(secret);
  if (problem) throw new Error(`[aigw] [keys] ${problem}`);
  const material = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('aigw'), info: encoder.encode('aigw provider keys v1') },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
  return { id: await secretKeyId(secret), key };
}

/**
 * Authenticated encryption of small secrets (provider keys) with AES-256-GCM under a key derived
 * (HKDF-SHA-256) from `AIGW_SECRET_KEY`. WebCrypto only, so it runs on every runtime. A value
 * records which secret encrypted it, so after a rotation the previous secrets still decrypt until
 * the re-encryption command has run. `context` is bound as additional data: a ciphertext copied
 * to another row (another gateway, provider or alias) does not decrypt.
 *
 * @example
 * const box = await SecretBox.create(env.AIGW_SECRET_KEY, []);
 * const sealed = await box.seal('sk-live-…', 'gw\u0000openai\u0000default\u0000id');
 * await box.open(sealed, 'gw\u0000openai\u0000default\u0000id'); // 'sk-live-…'
 */
export class SecretBox {
  private constructor(
    private readonly current: DerivedKey,
    private readonly byId: ReadonlyMap<string, DerivedKey>,
  ) {}

  /** `secret` encrypts and decrypts; `previous` secrets only decrypt (during a rotation). */
  static async create(secret: string, previous: readonly string[] = []): Promise<SecretBox> {
    const current = await derive(secret);
    const byId = new Map<string, DerivedKey>([[current.id, current]]);
    for (const old of previous) {
      const key = await derive(old);
      if (!byId.has(key.id)) byId.set(key.id, key);
    }
    return new SecretBox(current, byId);
  }

  /** The id of the secret new values are encrypted with. */
  get keyId(): string {
    return this.current.id;
  }

  async seal(plaintext: string, context: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: encoder.encode(context) }, this.current.key, encoder.encode(plaintext));
    return [VERSION, this.current.id, toBase64Url(iv), toBase64Url(new Uint8Array(data))].join('.');
  }

  async open(sealed: string, context: string): Promise<string> {
    const [version, id, iv, data] = sealed.split('.');
    if (version !== VERSION || !id || !iv || !data) throw new Error('[aigw] [keys] not a sealed value');
    const key = this.byId.get(id);
    if (!key) throw new Error(`[aigw] [keys] sealed with another AIGW_SECRET_KEY (id ${id}); set it in AIGW_SECRET_KEY_PREVIOUS and re-encrypt`);
    try {
      const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromBase64Url(iv), additionalData: encoder.encode(context) }, key.key, fromBase64Url(data));
      return decoder.decode(plain);
    } catch (err) {
      throw new Error('[aigw] [keys] a stored value failed authentication (tampered, or moved to another row)', { cause: err });
    }
  }

  /** The secret id a sealed value names (no decryption). */
  static keyIdOf(sealed: string): string | undefined {
    return sealed.split('.')[1];
  }
}

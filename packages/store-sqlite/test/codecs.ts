import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SqliteCodec } from '../src';

/** An encrypting codec as apps write them on WebCrypto: AES-GCM, asynchronous, a random 12-byte IV in front. */
export async function aesGcmCodec(): Promise<SqliteCodec> {
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  return {
    async encode(text) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv },
        key,
        new TextEncoder().encode(text),
      );
      const out = new Uint8Array(12 + sealed.byteLength);
      out.set(iv);
      out.set(new Uint8Array(sealed), 12);
      return out;
    },
    async decode(stored) {
      if (typeof stored === 'string') throw new Error('expected bytes');
      // A copy on a plain ArrayBuffer, as WebCrypto's types ask.
      stored = new Uint8Array(stored);
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: stored.slice(0, 12) },
        key,
        stored.slice(12),
      );
      return new TextDecoder().decode(plain);
    },
  };
}

/**
 * The same cipher, synchronous, the way a native module (react-native-quick-crypto, say)
 * or Node's crypto does it: it takes the store's synchronous codec path. The text goes
 * through UTF-8, so a record must be well-formed text to come back whole.
 */
export function syncAesGcmCodec(): SqliteCodec {
  const key = randomBytes(32);
  return {
    encode(text) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), body]));
    },
    decode(stored) {
      if (typeof stored === 'string') throw new Error('expected bytes');
      const bytes = Buffer.from(stored);
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/**
 * SHA-1 and name-based UUIDs (RFC 9562 version 5) in plain TypeScript: core runs
 * in the browser too, and must give the same GUID for the same code on every
 * machine, synchronously, so that a re-exported codebook diffs cleanly.
 * SHA-1 here is an identifier, not a security measure.
 */
import { encodeUtf8 } from './text';

/** SHA-1 of `data` (bytes, or text as UTF-8). */
export function sha1(data: Uint8Array | string): Uint8Array {
  const bytes = typeof data === 'string' ? encodeUtf8(data) : data;
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array((((bytes.length + 8) >> 6) + 1) << 6);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = new Uint32Array(80);
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = view.getUint32(off + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
      w[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let i = 0; i < 80; i++) {
      const f = i < 20 ? (b & c) | (~b & d) : i < 40 ? b ^ c ^ d : i < 60 ? (b & c) | (b & d) | (c & d) : b ^ c ^ d;
      const k = i < 20 ? 0x5a827999 : i < 40 ? 0x6ed9eba1 : i < 60 ? 0x8f1bbcdc : 0xca62c1d6;
      const t = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) >>> 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = t;
    }
    h0 = (h0 + a) >>> 0;
    h1 = (h1 + b) >>> 0;
    h2 = (h2 + c) >>> 0;
    h3 = (h3 + d) >>> 0;
    h4 = (h4 + e) >>> 0;
  }
  const out = new Uint8Array(20);
  const ov = new DataView(out.buffer);
  [h0, h1, h2, h3, h4].forEach((h, i) => ov.setUint32(i * 4, h));
  return out;
}

/** Lower-case hex of some bytes. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** SHA-1 of text as hex, shortened: a version stamp or a stable file-name id. */
export function shortHash(text: string, length = 12): string {
  return toHex(sha1(text)).slice(0, length);
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new Error(`[reflexive-qda] not a UUID: ${uuid}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Namespaces as bytes: an export derives tens of thousands of GUIDs from a handful of namespaces. */
const NAMESPACES = new Map<string, Uint8Array>();

/** A version 5 (SHA-1, name-based) UUID, lower case, 8-4-4-4-12. */
export function uuidV5(name: string, namespace: string): string {
  let ns = NAMESPACES.get(namespace);
  if (!ns) NAMESPACES.set(namespace, (ns = uuidBytes(namespace)));
  const nameBytes = encodeUtf8(name);
  const input = new Uint8Array(ns.length + nameBytes.length);
  input.set(ns);
  input.set(nameBytes, ns.length);
  const h = sha1(input).slice(0, 16);
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = toHex(h);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * The namespace of Reflexive QDA code GUIDs: uuidV5('https://reflexive-qda.org/codes', the RFC URL namespace 6ba7b811-…).
 * Fixed forever: changing it would give every exported code a new GUID.
 */
export const CODE_GUID_NAMESPACE = 'e2c91d4d-6b56-55bb-98ba-9a497131bd57';

/** The REFI-QDA GUID of a code: derived from its id, so it is the same on every export and machine. */
export function codeGuid(codeId: string): string {
  return uuidV5(codeId, CODE_GUID_NAMESPACE);
}

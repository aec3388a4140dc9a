import { deflateRawSync } from 'node:zlib';
import type { EncodedMessage } from '../../core/pdf/messageCodec';

/** Bytes from which a message from pdf.js's thread is deflated before it crosses to the webview. */
export const DEFLATE_FROM_BYTES = 256 * 1024;

/**
 * A message of pdf.js's thread for the webview, its bytes deflated when they are large and shrink by a quarter or
 * more. A page's decoded image crosses as raw pixels (13.6 MB for the figure on page 3 of the Attention paper, which
 * inflated from 88 KB): on code-server, and in any remote, every byte then goes over the network connection, and that
 * page took 1.8 s to come. Deflated in the thread (fast level: the extension host's own thread does none of it), and
 * inflated natively in the webview (`DecompressionStream`).
 */
export function deflateLarge(message: EncodedMessage): EncodedMessage {
  const bytes = message.bytes;
  if (!bytes || bytes.byteLength < DEFLATE_FROM_BYTES || message.deflated) return message;
  const packed = deflateRawSync(new Uint8Array(bytes), { level: 1 });
  if (packed.byteLength > bytes.byteLength * 0.75) return message;
  // A buffer of its own, so it can be moved to the extension host's thread rather than copied.
  const own =
    packed.buffer.byteLength === packed.byteLength
      ? (packed.buffer as ArrayBuffer)
      : packed.buffer.slice(packed.byteOffset, packed.byteOffset + packed.byteLength);
  return { json: message.json, bytes: own as ArrayBuffer, deflated: true };
}

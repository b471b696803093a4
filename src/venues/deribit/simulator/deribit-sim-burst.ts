/**
 * Burst mode for benchmarks: frames sent as fast as a socket takes them, either through `ws`
 * (`sendAll`) or prebuilt as WebSocket frames and written straight to the TCP socket
 * (`encodeBurst` + `writeRaw`), so the sender costs almost nothing next to the receiver measured.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** Prebuilt WebSocket frames in chunks of whole frames (so a control frame ws sends in between never splits one). */
export class EncodedBurst {
  constructor(readonly chunks: readonly Buffer[], readonly frames: number) {}
}

/** Unmasked server-to-client text frames (RFC 6455 §5.2), grouped into ~1 MB chunks. */
export function encodeBurst(frames: readonly string[]): EncodedBurst {
  const chunks: Buffer[] = [];
  let parts: Buffer[] = [];
  let size = 0;
  for (const f of frames) {
    const payload = Buffer.from(f, 'utf8');
    const n = payload.length;
    let header: Buffer;
    if (n < 126) header = Buffer.from([0x81, n]);
    else if (n < 65_536) {
      header = Buffer.alloc(4);
      header[0] = 0x81;
      header[1] = 126;
      header.writeUInt16BE(n, 2);
    } else {
      header = Buffer.alloc(10);
      header[0] = 0x81;
      header[1] = 127;
      header.writeBigUInt64BE(BigInt(n), 2);
    }
    parts.push(header, payload);
    size += header.length + n;
    if (size >= 1 << 20) {
      chunks.push(Buffer.concat(parts));
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) chunks.push(Buffer.concat(parts));
  return new EncodedBurst(chunks, frames.length);
}

/** Writes prebuilt frames to the connection's TCP socket (ws keeps it as `_socket`), one chunk at a time. */
export async function writeRaw(socket: WebSocket, burst: EncodedBurst): Promise<void> {
  const tcp = (socket as unknown as { _socket?: Socket })._socket;
  if (tcp === undefined) throw new Error('deribit simulator: no TCP socket under this WebSocket');
  for (const chunk of burst.chunks) {
    if (socket.readyState !== socket.OPEN) return;
    if (!tcp.write(chunk)) await new Promise((r) => tcp.once('drain', r));
  }
}

export async function sendAll(socket: WebSocket, frames: readonly string[]): Promise<void> {
  const CHUNK = 2_048;
  for (let i = 0; i < frames.length; i += CHUNK) {
    if (socket.readyState !== socket.OPEN) return;
    const end = Math.min(frames.length, i + CHUNK);
    await new Promise<void>((resolve) => {
      for (let j = i; j < end - 1; j++) socket.send(frames[j]!);
      socket.send(frames[end - 1]!, () => resolve());
    });
  }
}

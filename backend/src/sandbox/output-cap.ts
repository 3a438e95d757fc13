import { StringDecoder } from 'node:string_decoder';

export const truncationMarker = (omitted: number) => `\n[... ${omitted} bytes of output omitted ...]\n`;

/**
 * Keeps the first and the last `max / 2` bytes of a stream in bounded memory (a command may
 * print gigabytes): the head shows how it started, the tail how it ended, which is what a
 * model reading a test run needs.
 */
export class OutputCap {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private total = 0;
  private readonly decoder = new StringDecoder('utf8');
  private marked = false;

  constructor(
    private readonly max: number,
    private readonly onText?: (text: string) => void,
  ) {}

  push(chunk: Buffer): void {
    this.total += chunk.length;
    const headRoom = Math.floor(this.max / 2) - this.headBytes;
    if (headRoom > 0) {
      const part = chunk.subarray(0, headRoom);
      this.head.push(part);
      this.headBytes += part.length;
      // Live output: what fits in the head as it comes, then one marker; the tail is in the result.
      const text = this.decoder.write(part);
      if (text) this.onText?.(text);
      chunk = chunk.subarray(part.length);
    }
    if (!chunk.length) return;
    if (!this.marked) {
      this.marked = true;
      this.onText?.(this.decoder.end() + '\n[... output continues; its end is kept in the result ...]\n');
    }
    this.tail.push(chunk);
    this.tailBytes += chunk.length;
    const keep = this.max - Math.floor(this.max / 2);
    while (this.tail.length > 1 && this.tailBytes - this.tail[0].length >= keep)
      this.tailBytes -= this.tail.shift()!.length;
  }

  /** What the decoder still holds (a split multi-byte character) once the stream ended. */
  flush(): void {
    if (this.marked) return;
    const rest = this.decoder.end();
    if (rest) this.onText?.(rest);
  }

  get truncated(): boolean {
    return this.total > this.max;
  }

  get bytes(): number {
    return this.total;
  }

  text(): string {
    const head = Buffer.concat(this.head);
    let tail = Buffer.concat(this.tail);
    if (!this.truncated) return Buffer.concat([head, tail]).toString('utf8');
    const keep = this.max - Math.floor(this.max / 2);
    tail = tail.subarray(Math.max(0, tail.length - keep));
    const omitted = this.total - head.length - tail.length;
    return head.toString('utf8') + truncationMarker(omitted) + tail.toString('utf8');
  }
}

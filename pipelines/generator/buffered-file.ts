import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A file written through a 1 MB byte buffer flushed with synchronous writes: rows stream to disk with bounded
 * memory, no large strings and no back-pressure bookkeeping (the generator is a batch job).
 */
export class BufferedFile {
  private readonly fd: number;
  private readonly buffer: Buffer;
  private used = 0;

  constructor(
    readonly path: string,
    size = 1 << 20,
  ) {
    this.fd = openSync(path, 'w');
    this.buffer = Buffer.allocUnsafe(size);
  }

  /** Appends UTF-8 text. */
  write(text: string): void {
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) return this.writeBytes(Buffer.from(text, 'utf8'));
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  flush(): void {
    this.writeBytes(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private writeBytes(bytes: Buffer): void {
    let written = 0;
    while (written < bytes.length) written += writeSync(this.fd, bytes, written, bytes.length - written);
  }
}

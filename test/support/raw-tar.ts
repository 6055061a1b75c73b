import zlib from "node:zlib";

// Hand-built tar archives for hostile fixtures: node-tar sanitises what it packs, and an
// attacker's archive is not packed by node-tar.

export interface RawEntry {
  name: string;
  /** ustar type flag: "0" file, "1" hard link, "2" symlink, "3" char device, "4" block device, "5" folder, "6" FIFO. */
  type?: string;
  content?: Buffer | string;
  linkname?: string;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

function header(entry: RawEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  let name = entry.name;
  let prefix = "";
  if (Buffer.byteLength(name) > 100) {
    const at = name.lastIndexOf("/", name.length - 1);
    if (at <= 0 || at > 155 || name.length - at - 1 > 100) throw new Error(`name too long for ustar: ${name}`);
    prefix = name.slice(0, at);
    name = name.slice(at + 1);
  }
  block.write(name, 0, 100, "utf8");
  block.write(octal(0o644, 8), 100);
  block.write(octal(0, 8), 108);
  block.write(octal(0, 8), 116);
  block.write(octal(size, 12), 124);
  block.write(octal(1_700_000_000, 12), 136);
  block.write("        ", 148); // checksum placeholder
  block.write(entry.type ?? "0", 156);
  block.write(entry.linkname ?? "", 157, 100, "utf8");
  block.write("ustar\u000000", 257);
  block.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return block;
}

/** An uncompressed tar archive of the entries, ended by two zero blocks. */
export function rawTar(entries: RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content ?? "");
    parts.push(header(entry, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  return Buffer.concat(parts);
}

export const gzip = (tar: Buffer) => zlib.gzipSync(tar);

/** A gzip stream of a tar holding one file of `bytes` zeros, compressed without holding them in memory. */
export async function gzipBomb(bytes: number): Promise<Buffer> {
  const gz = zlib.createGzip({ level: 9 });
  const out: Buffer[] = [];
  gz.on("data", (data: Buffer) => out.push(data));
  const finished = new Promise((resolve) => gz.once("end", resolve));
  gz.write(header({ name: "package/zeros.bin" }, bytes));
  const chunk = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < bytes; written += chunk.length) gz.write(chunk.subarray(0, Math.min(chunk.length, bytes - written)));
  gz.end(Buffer.alloc(1024));
  await finished;
  return Buffer.concat(out);
}

// A minimal zip writer: local file headers, the central directory and the end-of-central-directory
// record (PKWARE APPNOTE 4.3). Entries are deflated with the browser's CompressionStream
// ("deflate-raw" is exactly zip method 8), or stored when deflate would not make them smaller.
import { crc32 } from './crc32';

export interface ZipEntry {
  /** Path inside the archive, "/"-separated. */
  name: string;
  data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: deflate
const STORED = 0;
const DEFLATED = 8;
const UTF8_NAMES = 0x0800; // general purpose flag bit 11

/** MS-DOS time and date fields for a Date (local time, 2-second resolution, years 1980..2107). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Raw deflate (RFC 1951) with the browser's (or Node's) CompressionStream. */
export async function deflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

interface PackedEntry {
  method: number;
  /** The bytes written to the archive (deflated or stored). */
  body: Uint8Array;
}

/** Builds a zip archive with every entry deflated (or stored, when that is smaller). */
export async function zipDeflate(entries: ZipEntry[], modified: Date = new Date()): Promise<Uint8Array<ArrayBuffer>> {
  const packed: PackedEntry[] = [];
  for (const e of entries) {
    const deflated = await deflateRaw(e.data);
    packed.push(deflated.length < e.data.length ? { method: DEFLATED, body: deflated } : { method: STORED, body: e.data });
  }
  return writeZip(entries, packed, modified);
}

function writeZip(entries: ZipEntry[], packed: PackedEntry[], modified: Date): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const { time, date } = dosDateTime(modified);
  const names = entries.map((e) => encoder.encode(e.name));
  const crcs = entries.map((e) => crc32(e.data));
  const localSize = entries.reduce((sum, _e, i) => sum + 30 + names[i]!.length + packed[i]!.body.length, 0);
  const centralSize = names.reduce((sum, n) => sum + 46 + n.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let p = 0;
  const u16 = (v: number) => {
    view.setUint16(p, v, true);
    p += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(p, v >>> 0, true);
    p += 4;
  };
  const bytes = (b: Uint8Array) => {
    out.set(b, p);
    p += b.length;
  };

  const offsets: number[] = [];
  entries.forEach((e, i) => {
    offsets.push(p);
    u32(LOCAL_HEADER);
    u16(VERSION);
    u16(UTF8_NAMES);
    u16(packed[i]!.method);
    u16(time);
    u16(date);
    u32(crcs[i]!);
    u32(packed[i]!.body.length); // compressed size
    u32(e.data.length); // uncompressed size
    u16(names[i]!.length);
    u16(0); // extra field length
    bytes(names[i]!);
    bytes(packed[i]!.body);
  });

  const centralStart = p;
  entries.forEach((e, i) => {
    u32(CENTRAL_HEADER);
    u16(VERSION); // version made by
    u16(VERSION); // version needed
    u16(UTF8_NAMES);
    u16(packed[i]!.method);
    u16(time);
    u16(date);
    u32(crcs[i]!);
    u32(packed[i]!.body.length);
    u32(e.data.length);
    u16(names[i]!.length);
    u16(0); // extra
    u16(0); // comment
    u16(0); // disk number
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]!);
    bytes(names[i]!);
  });

  u32(END_OF_CENTRAL_DIRECTORY);
  u16(0); // this disk
  u16(0); // disk with the central directory
  u16(entries.length);
  u16(entries.length);
  u32(centralSize);
  u32(centralStart);
  u16(0); // comment length
  return out;
}

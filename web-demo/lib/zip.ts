// A minimal STORE-only (uncompressed) zip writer: local file headers, the central directory and the
// end-of-central-directory record (PKWARE APPNOTE 4.3). Enough for a folder of small text files.
import { crc32 } from './crc32';

export interface ZipEntry {
  /** Path inside the archive, "/"-separated. */
  name: string;
  data: Uint8Array;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: what a STORE-only archive needs
const UTF8_NAMES = 0x0800; // general purpose flag bit 11

/** MS-DOS time and date fields for a Date (local time, 2-second resolution, years 1980..2107). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/** Builds a zip archive (every entry stored uncompressed). */
export function zipStore(entries: ZipEntry[], modified: Date = new Date()): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const { time, date } = dosDateTime(modified);
  const names = entries.map((e) => encoder.encode(e.name));
  const crcs = entries.map((e) => crc32(e.data));
  const localSize = entries.reduce((sum, e, i) => sum + 30 + names[i]!.length + e.data.length, 0);
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
    u16(0); // method: stored
    u16(time);
    u16(date);
    u32(crcs[i]!);
    u32(e.data.length); // compressed size
    u32(e.data.length); // uncompressed size
    u16(names[i]!.length);
    u16(0); // extra field length
    bytes(names[i]!);
    bytes(e.data);
  });

  const centralStart = p;
  entries.forEach((e, i) => {
    u32(CENTRAL_HEADER);
    u16(VERSION); // version made by
    u16(VERSION); // version needed
    u16(UTF8_NAMES);
    u16(0);
    u16(time);
    u16(date);
    u32(crcs[i]!);
    u32(e.data.length);
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

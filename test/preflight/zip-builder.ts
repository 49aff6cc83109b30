/**
 * Builds ZIP files byte by byte for tests, with every field open to lies: claimed
 * sizes, flags, offsets, duplicate names, ZIP64 records. The decks themselves come
 * from test/helpers/make-deck.ts; this makes the broken ones.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface FakeEntry {
  name: string;
  data: Buffer | string;
  /** 8 = deflate (default), 0 = stored. */
  method?: 0 | 8;
  flags?: number;
  /** Written into the central directory instead of the true sizes. */
  claimUncompressed?: number;
  claimCompressed?: number;
  claimOffset?: number;
}

export interface ZipOptions {
  /** Write ZIP64 end records and ZIP64 extra fields for every entry. */
  zip64?: boolean;
  comment?: string;
  prefix?: Buffer;
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};
const u64 = (n: number) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt(n));
  return b;
};

export function buildZip(entries: FakeEntry[], opts: ZipOptions = {}): Buffer {
  const prefix = opts.prefix ?? Buffer.alloc(0);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
    const method = e.method ?? 8;
    const body = method === 8 ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, 'utf8');
    const crc = crc32(raw);
    const flags = (e.flags ?? 0) | 0x800;
    const local = Buffer.concat([u32(0x04034b50), u16(20), u16(flags), u16(method), u16(0), u16(0x21), u32(crc), u32(body.length), u32(raw.length), u16(name.length), u16(0), name, body]);
    const usize = e.claimUncompressed ?? raw.length;
    const csize = e.claimCompressed ?? body.length;
    const off = (e.claimOffset ?? offset - prefix.length) + 0; // offsets are relative to the archive start
    const extra = opts.zip64 ? Buffer.concat([u16(1), u16(24), u64(usize), u64(csize), u64(off)]) : Buffer.alloc(0);
    const big = opts.zip64 ? 0xffffffff : null;
    centrals.push(
      Buffer.concat([
        u32(0x02014b50), u16(45), u16(opts.zip64 ? 45 : 20), u16(flags), u16(method), u16(0), u16(0x21), u32(crc),
        u32(big ?? csize), u32(big ?? usize), u16(name.length), u16(extra.length), u16(0), u16(0), u16(0), u32(0),
        u32(big ?? off), name, extra,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const cdOffset = offset - prefix.length;
  const comment = Buffer.from(opts.comment ?? '', 'latin1');
  const tail: Buffer[] = [];
  if (opts.zip64) {
    const z64At = cdOffset + cd.length;
    tail.push(Buffer.concat([u32(0x06064b50), u64(44), u16(45), u16(45), u32(0), u32(0), u64(entries.length), u64(entries.length), u64(cd.length), u64(cdOffset)]));
    tail.push(Buffer.concat([u32(0x07064b50), u32(0), u64(z64At), u32(1)]));
    tail.push(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(0xffff), u16(0xffff), u32(0xffffffff), u32(0xffffffff), u16(comment.length), comment]));
  } else {
    tail.push(Buffer.concat([u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(cd.length), u32(cdOffset), u16(comment.length), comment]));
  }
  return Buffer.concat([prefix, ...locals, cd, ...tail]);
}

export const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/><Override PartName="/ppt/slides/slide1.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.slide+xml"/></Types>`;

export const PRESENTATION = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`;

export const PRESENTATION_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/></Relationships>`;

export function slideXml(body: string, rootAttrs = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"${rootAttrs}><p:cSld><p:spTree>${body}</p:spTree></p:cSld></p:sld>`;
}

export function picXml(id: number, descr?: string, decorative = false): string {
  const d = descr === undefined ? '' : ` descr="${descr}"`;
  const ext = decorative
    ? '<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}"><adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/></a:ext></a:extLst>'
    : '';
  return `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="Picture ${id}"${d}>${ext}</p:cNvPr><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="rId9"/></p:blipFill><p:spPr/></p:pic>`;
}

/** A minimal valid one-slide deck as ZIP entries, for tests that then break one thing. */
export function minimalDeckEntries(slideBody = picXml(2, 'A chest X-ray')): FakeEntry[] {
  return [
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: 'ppt/presentation.xml', data: PRESENTATION },
    { name: 'ppt/_rels/presentation.xml.rels', data: PRESENTATION_RELS },
    { name: 'ppt/slides/slide1.xml', data: slideXml(slideBody) },
  ];
}

/**
 * A plain, valid PDF of many pages for tests that need a long document (lazy rendering on hundreds of pages):
 * each page says "Page n of N" in a large Helvetica line and carries a few lines of text, so it has ink and a text
 * layer. Written by hand (objects, a cross-reference table with exact offsets, a trailer): no PDF library needed.
 */
export function makeLongPdf(pages: number): Uint8Array {
  const objects: string[] = [];
  // 1: catalog, 2: pages, 3: font, then per page: page object and content stream.
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + 2 * i);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Count ${pages} /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  for (let i = 0; i < pages; i++) {
    const lines = [`BT /F1 36 Tf 72 700 Td (Page ${i + 1} of ${pages}) Tj ET`];
    for (let l = 0; l < 12; l++) lines.push(`BT /F1 12 Tf 72 ${640 - 18 * l} Td (Line ${l + 1} of page ${i + 1}: lazy rendering keeps memory flat.) Tj ET`);
    const stream = lines.join('\n');
    objects[pageIds[i]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i]! + 1} 0 R >>`;
    objects[pageIds[i]! + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  }
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = out.length;
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Latin-1: one byte per character, so the offsets above are byte offsets.
  return Uint8Array.from(out, (c) => c.charCodeAt(0));
}

/**
 * A PDF of one page whose content stream is `megabytes` MB of zeros, deflated: about a thousandth of that on disk,
 * all of it in memory once pdf.js reads the page (a "decompression bomb").
 */
export async function makeBombPdf(megabytes: number): Promise<Uint8Array> {
  const { createDeflate } = await import('node:zlib');
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => parts.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < megabytes; i++) {
    if (!deflate.write(zeros)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  const stream = Buffer.concat(parts);
  const head = Buffer.from(
    '%PDF-1.4\n' +
      '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n' +
      '2 0 obj\n<< /Type /Pages /Count 1 /Kids [3 0 R] >>\nendobj\n' +
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>\nendobj\n' +
      `4 0 obj\n<< /Length ${stream.length} /Filter /FlateDecode >>\nstream\n`,
    'latin1',
  );
  const offsets = [0, 9];
  const text = head.toString('latin1');
  for (const id of [2, 3, 4]) offsets[id] = text.indexOf(`${id} 0 obj`);
  const body = Buffer.concat([head, stream, Buffer.from('\nendstream\nendobj\n', 'latin1')]);
  const xref = body.length;
  let tail = 'xref\n0 5\n0000000000 65535 f \n';
  for (let id = 1; id <= 4; id++) tail += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  tail += `trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.concat([body, Buffer.from(tail, 'latin1')]));
}

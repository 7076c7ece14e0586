// Reading the .xlsx files huimin writes, for the tests: the zip's parts
// (central directory, inflate), the workbook's sheet names, and a sheet's
// rows as { r, cells: { A: { v, s } } } with inline strings and numbers.
'use strict';
const zlib = require('node:zlib');

// The parts of a zip archive: name -> Buffer.
function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const parts = {};
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    parts[name] = method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return parts;
}

const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

// The rows of a sheet's XML: [{ r, cells: { A: { v, s, text } } }].
function sheetRows(xml) {
  const rows = [];
  for (const m of xml.matchAll(/<row r="(\d+)"[^>]*?(?:\/>|>(.*?)<\/row>)/g)) {
    const cells = {};
    for (const c of (m[2] || '').matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>(.*?)<\/c>)/g)) {
      const s = (c[2].match(/ s="(\d+)"/) || [])[1];
      const inline = (c[3] || '').match(/<t[^>]*>(.*?)<\/t>/s);
      const num = (c[3] || '').match(/<v>(.*?)<\/v>/);
      const v = inline ? unescape(inline[1]) : num ? Number(num[1]) : null;
      if (v !== null) cells[c[1]] = { v, s: s === undefined ? 0 : Number(s), text: !!inline };
    }
    rows.push({ r: Number(m[1]), cells });
  }
  return rows;
}

// The workbook: sheet names in order, each sheet's rows, and the number format code of each cell style.
function readXlsx(buf) {
  const parts = unzip(buf);
  const wb = parts['xl/workbook.xml'].toString('utf8');
  const names = [...wb.matchAll(/<sheet name="([^"]*)"/g)].map((m) => unescape(m[1]));
  const styles = parts['xl/styles.xml'].toString('utf8');
  const codes = { 0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 14: 'mm-dd-yy', 49: '@' };
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)) codes[m[1]] = unescape(m[2]);
  const xfs = styles.match(/<cellXfs[^>]*>(.*?)<\/cellXfs>/s)[1];
  const formats = [...xfs.matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => codes[m[1]]);
  const sheets = names.map((name, i) => {
    const xml = parts[`xl/worksheets/sheet${i + 1}.xml`].toString('utf8');
    return { name, xml, rows: sheetRows(xml) };
  });
  return { names, sheets, formats, parts };
}

// Excel's day number of an ISO date.
const excelDay = (iso) => (Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) - Date.UTC(1899, 11, 30)) / 86400000;

module.exports = { unzip, readXlsx, sheetRows, excelDay };

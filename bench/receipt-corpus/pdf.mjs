/*
 * A minimal PDF writer for the corpus's two kinds of PDF receipt: one with a text layer (the
 * e-receipt a till emails: Courier text a PDF reader can extract) and one scanned (a JPEG page,
 * no text). Hand-written rather than a library because two kinds of page need little, and
 * because it writes no creation date or random document id: the same receipt, the same bytes.
 */

const POINTS_PER_INCH = 72;

/** PDF objects (strings or Buffers, numbered from 1 in order) with a cross-reference table. */
const assemblePdf = (objects) => {
  const chunks = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let length = chunks[0].length;
  const offsets = [];
  objects.forEach((body, position) => {
    offsets.push(length);
    const parts = [Buffer.from(`${position + 1} 0 obj\n`), Buffer.from(body), Buffer.from("\nendobj\n")];
    for (const part of parts) {
      chunks.push(part);
      length += part.length;
    }
  });
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f ",
    ...offsets.map((offset) => `${String(offset).padStart(10, "0")} 00000 n `),
    "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 2 0 R >>`,
    "startxref",
    String(length),
    "%%EOF",
    "",
  ].join("\n");
  chunks.push(Buffer.from(xref));
  return Buffer.concat(chunks);
};

const stream = (dictionary, bytes) =>
  Buffer.concat([
    Buffer.from(`<< ${dictionary} /Length ${bytes.length} >>\nstream\n`),
    bytes,
    Buffer.from("\nendstream"),
  ]);

/** A PDF literal string in WinAnsiEncoding: Latin-1 as is, the euro sign at 0x80, octal escapes. */
const pdfString = (value) => {
  let escaped = "";
  for (const char of value) {
    const code = char === "€" ? 0x80 : (char.codePointAt(0) ?? 0x3f);
    if (code > 0xff) escaped += "?";
    else if (char === "(" || char === ")" || char === "\\") escaped += `\\${char}`;
    else if (code < 0x20 || code > 0x7e) escaped += `\\${code.toString(8).padStart(3, "0")}`;
    else escaped += char;
  }
  return `(${escaped})`;
};

const documentHead = (pageIds) => [
  "<< /Type /Catalog /Pages 3 0 R >>",
  "<< /Producer (shoebox receipt corpus) >>",
  `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pageIds.length} >>`,
];

/**
 * A PDF with a text layer. Each page lists its runs of text: position in points from the
 * bottom left, Courier (or Courier-Bold) at `size` points.
 *
 * @example
 * textPdf([{ width: 227, height: 300, runs: [{ x: 18, y: 280, size: 7.5, text: "TOTAL 12,50" }] }]);
 */
export const textPdf = (pages) => {
  // Objects: catalog 1, info 2, pages 3, fonts 4 and 5, then page + content per page.
  const pageIds = pages.map((_, index) => 6 + index * 2);
  const objects = [
    ...documentHead(pageIds),
    "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>",
  ];
  pages.forEach((page, index) => {
    const content = page.runs
      .map(
        (run) =>
          `BT /${run.bold ? "F2" : "F1"} ${run.size} Tf ${run.x.toFixed(2)} ${run.y.toFixed(2)} Td ${pdfString(run.text)} Tj ET`,
      )
      .join("\n");
    objects.push(
      `<< /Type /Page /Parent 3 0 R /MediaBox [0 0 ${page.width.toFixed(2)} ${page.height.toFixed(2)}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents ${pageIds[index] + 1} 0 R >>`,
      stream("", Buffer.from(content, "latin1")),
    );
  });
  return assemblePdf(objects);
};

/**
 * A scanned page: one JPEG (`channels` 1 or 3) filling a page sized by its resolution.
 *
 * @example
 * imagePdf({ jpeg, width: 630, height: 1400, channels: 1, dpi: 200 });
 */
export const imagePdf = ({ jpeg, width, height, channels, dpi }) => {
  const pageWidth = (width / dpi) * POINTS_PER_INCH;
  const pageHeight = (height / dpi) * POINTS_PER_INCH;
  const drawing = `q ${pageWidth.toFixed(2)} 0 0 ${pageHeight.toFixed(2)} 0 0 cm /Scan Do Q`;
  return assemblePdf([
    ...documentHead([4]),
    `<< /Type /Page /Parent 3 0 R /MediaBox [0 0 ${pageWidth.toFixed(2)} ${pageHeight.toFixed(2)}] /Resources << /XObject << /Scan 6 0 R >> >> /Contents 5 0 R >>`,
    stream("", Buffer.from(drawing)),
    stream(
      `/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /${channels === 1 ? "DeviceGray" : "DeviceRGB"} /BitsPerComponent 8 /Filter /DCTDecode`,
      jpeg,
    ),
  ]);
};

import { writeZip, type ZipEntry } from './zip';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export type DocxBlock =
  | { heading: 1 | 2 | 3; text: string }
  | { text: string }
  /** A picture whose relationship points outside the package (TargetMode="External"). */
  | { externalImage: string; alt: string };

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function blockXml(block: DocxBlock, index: number): string {
  if ('externalImage' in block) {
    const alt = escapeXml(block.alt);
    // Two ways Word links a picture: DrawingML (a:blip r:link / r:embed) and VML (v:imagedata r:id).
    return (
      `<w:p><w:r><w:drawing><wp:inline><wp:docPr id="${index + 1}" name="Picture ${index}" descr="${alt}"/>` +
      `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
      `<pic:nvPicPr><pic:cNvPr id="${index + 1}" name="p" descr="${alt}"/></pic:nvPicPr>` +
      `<pic:blipFill><a:blip r:link="rIdExt${index}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>` +
      `</wp:inline></w:drawing></w:r></w:p>` +
      `<w:p><w:r><w:drawing><wp:inline><wp:docPr id="${index + 100}" name="Embedded ${index}" descr="${alt}"/>` +
      `<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>` +
      `<pic:blipFill><a:blip r:embed="rIdExt${index}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>` +
      `</wp:inline></w:drawing></w:r></w:p>` +
      `<w:p><w:r><w:pict><v:shape><v:imagedata r:id="rIdExt${index}" o:title="${alt}"/></v:shape></w:pict></w:r></w:p>`
    );
  }
  const style = 'heading' in block ? `<w:pPr><w:pStyle w:val="Heading${block.heading}"/></w:pPr>` : '';
  return `<w:p>${style}<w:r><w:t xml:space="preserve">${escapeXml(block.text)}</w:t></w:r></w:p>`;
}

/** The parts of a minimal WordprocessingML package. */
export function docxEntries(blocks: DocxBlock[]): ZipEntry[] {
  const body = blocks.map(blockXml).join('');
  const external = blocks
    .map((b, i) =>
      'externalImage' in b
        ? `<Relationship Id="rIdExt${i}" Type="${REL_TYPE}/image" Target="${escapeXml(b.externalImage)}" TargetMode="External"/>`
        : '',
    )
    .join('');
  const styles = [1, 2, 3]
    .map((n) => `<w:style w:type="paragraph" w:styleId="Heading${n}"><w:name w:val="heading ${n}"/></w:style>`)
    .join('');
  return [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_TYPE}/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    {
      name: 'word/_rels/document.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="${REL_TYPE}/styles" Target="styles.xml"/>${external}</Relationships>`,
    },
    { name: 'word/styles.xml', data: `<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="${W}">${styles}</w:styles>` },
    {
      name: 'word/document.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:r="${R}" ` +
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" ' +
        'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">' +
        `<w:body>${body}</w:body></w:document>`,
    },
  ];
}

/** A minimal DOCX with headings, paragraphs and (optionally) external picture links. */
export function makeDocx(blocks: DocxBlock[]): Uint8Array {
  return writeZip(docxEntries(blocks));
}

/** English frames. This table defines the keys every language gives (types.ts). */
import type { FrameText } from './types';

const en = {
  // the kind of object, at the start of a frame
  'kind.picture': 'Picture',
  'kind.chart': 'Chart',
  'kind.table': 'Table',
  'kind.diagram': 'Diagram',
  'kind.object': 'Embedded object',
  'kind.video': 'Video',
  'kind.audio': 'Audio clip',

  // words already on the slide
  'context.mediaCaption': '{noun}: {caption}',
  'context.mediaOnSlide': '{noun} on the slide “{title}”',
  'context.illustrating': '{noun} illustrating “{title}”',
  'context.nextToText': '{noun} next to the text “{text}”',

  // embedded (OLE) objects: what it is and what the slide is about
  'ole.excelChart': 'Embedded Excel chart about “{title}”',
  'ole.excelSheet': 'Embedded Excel worksheet about “{title}”',
  'ole.word': 'Embedded Word document about “{title}”',
  'ole.powerpoint': 'Embedded PowerPoint slide about “{title}”',
  'ole.equation': 'Embedded equation about “{title}”',
  'ole.visio': 'Embedded Visio drawing about “{title}”',
  'ole.pdf': 'Embedded PDF document about “{title}”',
  'ole.file': 'Embedded file about “{title}”',

  // a video's poster frame, described
  'video.described': 'Video: {text}',

  // text read from a picture (OCR), by what kind of picture it is
  'ocr.text': 'Text in image: “{text}”',
  'ocr.screenshot': 'Screenshot: “{text}”',
  'ocr.document': 'Scanned page: “{text}”',
  'ocr.sign': 'Sign: “{text}”',

  // functional pictures: where a link goes
  'link.slide': 'Link to the slide “{title}”',
  'link.slideNumber': 'Link to slide {n}',
  'link.site': 'Link to {site}',
  'link.email': 'Email {address}',
  'link.file': 'Link to the file {name}',
  'nav.next': 'Next slide',
  'nav.previous': 'Previous slide',
  'nav.first': 'First slide',
  'nav.last': 'Last slide',
  'nav.lastViewed': 'Last slide viewed',
  'nav.end': 'End the slide show',

  // evidence: a logo, a descriptive file name
  'logo.named': '{name} logo',
  'logo': 'Logo',
  // written only when the user chose the placeholder policy; never counts as accessible
  'placeholder': 'Image without a description',

  // the long description added to the speaker notes
  'notes.long.chart': 'Description of the chart “{alt}”: {long}',
  'notes.long.diagram': 'Description of the diagram “{alt}”: {long}',
  'notes.long.table': 'Description of the table “{alt}”: {long}',
  'notes.long.object': 'Description of the object “{alt}”: {long}',
} satisfies Record<string, FrameText>;

export default en;

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

  // slide titles (checker/titles.ts): a repeated title told apart (the slides that follow one another continue it)
  'title.continued': '{title} (continued)',
  'title.numbered': '{title} ({n})',

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

  // punctuation between parts of one text, and between the items of a list of values
  'sep': '; ',
  'listSep': ', ',

  // charts (sources/chart.ts): type, title, series, what a reader sees
  'chart.type.bar': 'Bar chart',
  'chart.type.column': 'Column chart',
  'chart.type.line': 'Line chart',
  'chart.type.pie': 'Pie chart',
  'chart.type.doughnut': 'Doughnut chart',
  'chart.type.area': 'Area chart',
  'chart.type.scatter': 'Scatter chart',
  'chart.type.radar': 'Radar chart',
  'chart.type.bubble': 'Bubble chart',
  'chart.type.stock': 'Stock chart',
  'chart.type.surface': 'Surface chart',
  'chart.type.funnel': 'Funnel chart',
  'chart.type.waterfall': 'Waterfall chart',
  'chart.type.treemap': 'Treemap chart',
  'chart.type.sunburst': 'Sunburst chart',
  'chart.type.histogram': 'Histogram',
  'chart.type.boxWhisker': 'Box and whisker chart',
  'chart.type.map': 'Map chart',
  'chart.type.other': 'Chart',
  'chart.stacked': '{type} (stacked)',
  'chart.percentStacked': '{type} (100% stacked)',
  'chart.titled': '{type}: {title}',
  'chart.series': { one: '{count} series: {names}', other: '{count} series: {names}' },
  'chart.unnamedSeries': 'Series {n}',
  'chart.span': '{from} to {to}',
  'chart.rises': 'rises from {from} ({a}) to {to} ({b})',
  'chart.falls': 'falls from {from} ({a}) to {to} ({b})',
  'chart.steady': 'steady at about {value} from {a} to {b}',
  'chart.peak': 'peak {value} ({at})',
  'chart.highest': 'highest {value} ({at})',
  'chart.lowest': 'lowest {value} ({at})',
  'chart.seriesFinding': '{series}: {finding}',
  'chart.share': '{name} {share}',
  'chart.more': { one: '{count} more', other: '{count} more' },
  'chart.long.axes': 'Axes: {axes}',
  'chart.long.series': '{series} — {values}',
  'chart.long.point': '{category}: {value}',

  // SmartArt (sources/smartart.ts): every level and its structure
  'diagram.list': { one: 'Diagram with {count} item: {items}', other: 'Diagram with {count} items: {items}' },
  'diagram.process': { one: 'Process with {count} step: {items}', other: 'Process with {count} steps: {items}' },
  'diagram.cycle': { one: 'Cycle with {count} stage: {items}', other: 'Cycle with {count} stages: {items}' },
  'diagram.hierarchy': { one: 'Hierarchy with {count} box: {items}', other: 'Hierarchy with {count} boxes: {items}' },
  'diagram.orgChart': { one: 'Organization chart with {count} box: {items}', other: 'Organization chart with {count} boxes: {items}' },
  'diagram.under': 'under {parent}: {children}',
  'diagram.withSub': '{item} ({sub})',
  'diagram.step': '{n}. {text}',

  // tables (sources/table.ts): size, header, first rows
  'table.rows': { one: '{count} row', other: '{count} rows' },
  'table.cols': { one: '{count} column', other: '{count} columns' },
  'table.size': 'Table, {rows}, {cols}',
  'table.header': 'Table, {rows}, {cols}: {header}',
  'table.firstRows': 'rows: {list}',
  'table.long.row': 'Row {n}: {cells}',
  'table.long.cell': '{header}: {value}',
} satisfies Record<string, FrameText>;

export default en;

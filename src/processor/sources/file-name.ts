/**
 * Words in a picture's original file name are evidence of what it shows
 * ("Hua Yi Secondary School Chemistry Laboratory.JPG", "alfresco-logo.png" →
 * "Alfresco logo"); machine names are not ("image1.png", "temp_pptx3_1.png",
 * "IMG_1234.JPG", "DSC01234", "th (49).jpg", "télécharger (5).jpg").
 * In real decks the original name survives in the cNvPr descr (PowerPoint 2007–2013
 * wrote it there, web pastes leave the URL), the alt-text title, or the shape's name
 * when a tool named the shape after the file; ppt/media/ names are always imageN.
 */
import { capitalise } from '../judge/classify';

const EXT = /\.(png|jpe?g|jpe|jfif|gif|bmp|dib|tiff?|emf|wmf|emz|wmz|svg|svgz|webp|ico|heic|heif|avif|pict?|eps|psd|wdp|jxr|mp4|m4v|mov|avi|wmv|mpe?g|mp3|wav|wma|m4a)$/i;

// Words that name the file, not the picture: tools, formats, sizes, versions, "download" in the languages pasted from
const NOISE = new Set(
  [
    'image', 'images', 'img', 'imgs', 'picture', 'pictures', 'pic', 'pics', 'photo', 'photos', 'foto', 'fotos', 'bild', 'grafik',
    'imagen', 'immagine', 'afbeelding', 'graphic', 'graphics', 'clipart', 'clip', 'art', 'icon', 'thumb', 'thumbnail', 'th',
    'small', 'large', 'big', 'medium', 'mini', 'hd', 'hq', 'lowres', 'hires', 'final', 'copy', 'copie', 'kopie', 'new', 'old',
    'edited', 'corrected', 'crop', 'cropped', 'resized', 'scaled', 'version', 'rev', 'draft', 'temp', 'tmp', 'test', 'sample',
    'example', 'untitled', 'unnamed', 'placeholder', 'download', 'downloads', 'télécharger', 'telecharger', 'herunterladen',
    'descargar', 'scan', 'screenshot', 'screen', 'shot', 'capture', 'file', 'fig', 'figure', 'gif', 'jpg', 'jpeg', 'png',
    'bmp', 'svg', 'tif', 'tiff', 'emf', 'wmf', 'webp', 'animated', 'pptx', 'ppt', 'slide', 'banque', "d'images", 'stock',
    'shutterstock', 'istock', 'getty', 'gettyimages', 'adobestock', 'fotolia', 'dreamstime', '123rf', 'pixabay', 'unsplash',
    'pexels', 'wikimedia', 'commons', 'px', 'pg', 'p', 'x', 'v', 'de', 'le', 'la', 'empty', 'blank', 'dummy', 'foo', 'bar',
    'good', 'bad', 'php', 'asp', 'aspx', 'html', 'htm', 'cgi', 'jsp', 'preencoded', 'blob', 'media', 'data', 'base64',
  ].map((w) => w.toLocaleLowerCase()),
);
// Camera and export names, whole stems
const MACHINE = /^(img|dsc[nf]?|dscf|pict|pxl|mvimg|pano|vid|mov|gopr|dji|sam|wp|p|mpj?|mc|j|image|photo|scan|screenshot|clip_image|temp_pptx|untitled|unnamed|th|images|download)[\s_-]*[\d_ ()-]*(\[\d+\])?$/i;

/** The last path or URL segment, without query, extension, "File:" prefix or copy numbers. */
export function fileStem(raw: string): string | null {
  let t = raw.replace(/\s+/g, ' ').trim();
  if (!t) return null;
  t = t.replace(/^fig:\s*/i, '');
  const isUrl = /^(https?|file|ftp):\/\//i.test(t);
  t = t.replace(/[?#].*$/, '');
  t = t.split(/[\\/]/).filter(Boolean).pop() ?? '';
  if (isUrl) {
    try {
      t = decodeURIComponent(t);
    } catch {
      /* keep it as written */
    }
  }
  t = t.replace(/^(file|datei|fichier|archivo|bestand):/i, '');
  if (!EXT.test(t)) return null;
  t = t.replace(EXT, '');
  return t.trim() || null;
}

/** Human words from a stem, or null when it is a machine name: "alfresco-logo" -> "Alfresco logo". */
export function stemWords(stem: string): string | null {
  if (MACHINE.test(stem.trim())) return null;
  const words = stem
    .replace(/\(\d+\)|\[\d+\]/g, ' ')
    .replace(/%20|[_+.]/g, ' ')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .split(/[\s-]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, ''))
    .filter(Boolean)
    // numbers and codes in a file name are versions, sizes and ids, not content
    .filter((w) => !/\d/.test(w))
    .filter((w) => !NOISE.has(w.toLocaleLowerCase()));
  if (!words.length || words.length > 8) return null;
  const letters = words.join('').length;
  // at least one real word: "Leg" and "EU flower" pass, "ab", "x y" do not
  if (letters < 3 || !words.some((w) => w.length >= 3)) return null;
  // a long run of one-letter fragments is a mangled name ("fl che")
  if (words.filter((w) => w.length <= 2).length > words.length / 2) return null;
  return capitalise(words.join(' '));
}

/** Words from the first of these that is a file name and says something. */
export function fileNameWords(...candidates: Array<string | null | undefined>): string | null {
  for (const c of candidates) {
    if (!c) continue;
    const stem = fileStem(c);
    const words = stem ? stemWords(stem) : null;
    if (words) return words;
  }
  return null;
}

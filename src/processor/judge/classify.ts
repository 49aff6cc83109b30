/**
 * Judging existing ALT text: missing, junk (tool-generated or meaningless), or
 * written by a person. A person's words are never replaced under the default
 * policy, so "junk" must only catch what no person would mean as a description.
 */
import type { AltVerdict } from '../../shared/types';
import { ownOutputKind, type OwnKind } from './own-output';

export type { AltVerdict };

export interface Judgement {
  verdict: AltVerdict;
  /** Why it is junk, for the report. */
  reason?: string;
  /** What is left once a junk wrapper is removed ("image of a heart" -> "a heart"), when that is worth keeping. */
  salvage?: string;
  /** An Office auto-caption's description with its markers removed ("A cat with its paws on a couch"): evidence. */
  autoCaption?: string;
  /** verdict 'altdeck': which of our frames it is (filler is cleared on a re-run when nothing better is found). */
  own?: OwnKind;
}

const IMAGE_EXT =
  'png|jpe?g|jpe|jfif|gif|bmp|dib|tiff?|emf|wmf|emz|wmz|svg|svgz|webp|ico|heic|heif|avif|pict?|pcx|tga|eps|psd|ai|pdf|wdp|jxr|hdp|mp4|m4v|mov|avi|wmv|mpe?g|mp3|wav|wma|m4a|png\\?\\S*'; // eslint-disable-line

const FILE_NAME_END = new RegExp(`\\.(${IMAGE_EXT})\\s*$`, 'i');
const URL = /^(https?|file|ftp):\/\/\S+$/i;
const PATH = /^([a-z]:\\|\\\\|\/(users|home|var|tmp|documents)\/)/i;

// One generic word, alone or with a number: what tools and cameras name things.
const GENERIC_WORDS = [
  'picture', 'image', 'img', 'pic', 'photo', 'photograph', 'graphic', 'graphics', 'figure', 'fig', 'chart', 'diagram',
  'table', 'object', 'clipart', 'clip art', 'icon', 'logo', 'screenshot', 'screen shot', 'screen clipping', 'placeholder',
  'content placeholder', 'picture placeholder', 'untitled', 'unnamed', 'grafik', 'bild', 'abbildung', 'foto', 'imagen',
  'immagine', 'immagine', 'illustration', 'afbeelding', 'obraz', 'rysunek', 'zdjęcie', 'kép', 'resim', 'billede',
  'kuva', 'bilde', 'изображение', 'рисунок', 'картинка', 'фото', 'снимок', '图片', '图像', '圖片', '画像', '図', '그림',
  'صورة', 'תמונה', 'video', 'audio', 'media', 'movie', 'sound', 'shape', 'group', 'rectangle', 'smartart', 'ole object',
  'embedded object', 'worksheet', 'slide', 'online media', 'ink', 'freeform', 'tekening', 'dessin', 'desenho',
  // placeholders people type to silence the checker
  'banner', 'header', 'footer', 'background', 'bullet', 'button', 'alt', 'alt text', 'alternative text', 'description',
  'no description', 'decorative', 'n/a', 'na', 'none', 'null', 'todo', 'tbd', 'test', 'xxx', 'pic here', 'image here',
];
const GENERIC = new RegExp(`^((an?|the)\\s+)?(${GENERIC_WORDS.map((w) => w.replace(/[/]/g, '\\/').replace(/ /g, '\\s*')).join('|')})[\\s_#-]*\\d*[.:]?$`, 'iu');

// Camera, clip-art and export names: IMG_1234, DSC01234, image001, MPj04002870000[1], MC900363478[1]
const MACHINE_NAME = /^(img|dsc[nf]?|dscf|pict|pxl|p|mpj?|mc|j|image|photo|scan|screenshot|clip_image|temp_pptx)[_-]?\d[\d_-]*(\[\d+\])?$/i;

// Office's automatic captions, and the sentence newer builds append, in the languages we can tell.
const AUTO_CAPTION_TAILS: RegExp[] = [
  /description (automatically )?generated( with (very high|high|medium|low) confidence)?\.?$/i,
  /description generated with (very high|high|medium|low) confidence\.?$/i,
  /ai-generated content may be incorrect\.?$/i,
  /automatisch generierte beschreibung\.?$/i,
  /ki-generierte inhalte können (fehlerhaft|falsch) sein\.?$/i,
  /description générée automatiquement\.?$/i,
  /le contenu généré par l[’']ia peut être incorrect\.?$/i,
  /descripción generada automáticamente\.?$/i,
  /el contenido generado por ia puede ser incorrecto\.?$/i,
  /descrizione generata automaticamente\.?$/i,
  /il contenuto generato dall[’']ia potrebbe non essere corretto\.?$/i,
  /descrição gerada automaticamente\.?$/i,
  /o conteúdo gerado por ia pode estar incorreto\.?$/i,
  /automatisch gegenereerde beschrijving\.?$/i,
  /door ai gegenereerde inhoud kan onjuist zijn\.?$/i,
  /opis wygenerowany automatycznie\.?$/i,
  /automatiskt genererad beskrivning\.?$/i,
  /automatisk genereret beskrivelse\.?$/i,
  /automaattisesti luotu kuvaus\.?$/i,
  /automatikusan generált leírás\.?$/i,
  /automaticky vygenerovaný popis\.?$/i,
  /otomatik olarak oluşturulan açıklama\.?$/i,
  /автоматически созданное описание\.?$/i,
  /созданное ии содержимое может быть неверным\.?$/i,
  /自動的に生成された説明$/,
  /自动生成的说明$/,
  /自動產生的描述$/,
  /자동으로 생성된 설명$/,
];
// How the automatic caption starts ("A picture containing ..."), for captions whose tail was cut off.
const AUTO_CAPTION_HEADS: RegExp[] = [
  /^a picture containing\b/i,
  /^ein bild, das (?=.* enthält)/i,
  /^une image contenant\b/i,
  /^imagen que contiene\b/i,
  /^immagine che contiene\b/i,
  /^uma imagem (com|contendo)\b/i,
  /^afbeelding met\b/i,
  /^obraz zawierający\b/i,
  /^изображение выглядит как(?=\s|$)/i,
  /^изображение, содержащее(?=\s|$)/i,
];
// Search-engine result captions pasted with the picture.
const SEARCH_RESULT = /^(image result for|résultat de recherche d'images pour|bildergebnis für|resultado de imagen para|risultati immagini per|afbeeldingsresultaat voor|результат поиска изображений по запросу)\b/i;
// "image of ..." wrappers: a person may have written the rest, which is then worth keeping.
const WRAPPER =
  /^(an?\s+|the\s+)?(image|picture|photo|photograph|graphic|illustration|screenshot|bild|foto|imagen|image|immagine|изображение|картинка|фото)\s+(of|showing|shows|von|zeigt|de|di|del|de la|des)\s+(.+)$/isu;

function normalise(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function classifyAlt(raw: string | null | undefined): Judgement {
  if (raw === null || raw === undefined) return { verdict: 'missing' };
  const text = normalise(raw);
  if (!text) return { verdict: 'missing' };
  // a file name, possibly with a path or a pandoc "fig:" prefix, or a URL
  if (FILE_NAME_END.test(text)) return { verdict: 'junk', reason: 'file name' };
  if (URL.test(text) || PATH.test(text)) return { verdict: 'junk', reason: 'file path or web address' };
  for (const re of AUTO_CAPTION_TAILS) if (re.test(text)) return { verdict: 'junk', reason: 'automatic caption', ...captionBody(raw.replace(re, '')) };
  for (const re of AUTO_CAPTION_HEADS) if (re.test(text)) return { verdict: 'junk', reason: 'automatic caption', ...captionBody(raw) };
  if (SEARCH_RESULT.test(text)) return { verdict: 'junk', reason: 'search result caption' };
  const own = ownOutputKind(text);
  if (own) return { verdict: 'altdeck', reason: own === 'filler' ? 'AltDeck’s own earlier wording (said nothing about the image)' : 'AltDeck’s own earlier draft', own };
  if (GENERIC.test(text)) return { verdict: 'junk', reason: 'generic name' };
  // too short to say anything: "BM", "tco", "R", "→"; a digit keeps a scientific token (CO2, T4)
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0 && !/\d/.test(text)) return { verdict: 'junk', reason: 'only symbols' };
  if (!/\s/.test(text) && !/\d/.test(text) && letters <= 3 && !/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u.test(text))
    return { verdict: 'junk', reason: 'too short to describe anything' };
  if (MACHINE_NAME.test(text)) return { verdict: 'junk', reason: 'camera or clip-art file name' };
  if (/^[\d\s.,:;#_-]+$/u.test(text)) return { verdict: 'junk', reason: 'only numbers' };
  // One token that reads as a file stem: KKA_Logo4c, elektroschrott2, map01, gg-09, 49923774rq4.
  // Short scientific tokens stay a person's: CO2, H2O, HbA1c, COVID-19, IL-6.
  if (!/\s/.test(text)) {
    const scientific = /^[A-Z]{2,6}-\d{1,3}$/.test(text) || (text.length <= 5 && /\p{Lu}/u.test(text));
    if (/_/.test(text)) return { verdict: 'junk', reason: 'file name' };
    if (!scientific && (/\p{L}{4,}\d+$/u.test(text) || /^\p{Ll}{3,}\d{2,}$/u.test(text) || /^\d+[-_]?\p{L}/u.test(text)))
      return { verdict: 'junk', reason: 'file name' };
    if (!scientific && /-/.test(text) && /\d/.test(text)) return { verdict: 'junk', reason: 'file name' };
    // CamelCaseJoinedWords with two or more humps: an identifier, not a sentence
    if ((text.match(/\p{Ll}\p{Lu}/gu)?.length ?? 0) >= 2) return { verdict: 'junk', reason: 'file name' };
  }
  const w = WRAPPER.exec(text);
  if (w) {
    const rest = normalise(w[4]);
    const restJudged = classifyAlt(rest);
    return {
      verdict: 'junk',
      reason: '"image of" wording',
      salvage: restJudged.verdict === 'person' && rest.split(' ').length >= 2 ? capitalise(rest) : undefined,
    };
  }
  return { verdict: 'person' };
}

/** What an Office auto-caption says once its markers are gone, if that is a description at all. */
function captionBody(raw: string): { autoCaption?: string } {
  let body = normalise(raw).replace(/[\s.,;:–-]+$/u, '');
  for (const re of AUTO_CAPTION_TAILS) body = normalise(body.replace(re, '')).replace(/[\s.,;:–-]+$/u, '');
  // the older keyword captions: "A picture containing bottle, indoor" -> "Bottle, indoor"
  for (const re of AUTO_CAPTION_HEADS) {
    const m = re.exec(body);
    if (m) body = normalise(body.slice(m[0].length)).replace(/^[\s,:]+/, '').replace(/\s+enthält\.?$/i, '');
  }
  if ((body.match(/\p{L}/gu)?.length ?? 0) < 3) return {};
  return { autoCaption: capitalise(body) };
}

export function capitalise(s: string): string {
  return s ? s[0].toLocaleUpperCase() + s.slice(1) : s;
}

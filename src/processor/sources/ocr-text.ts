/**
 * What OCR read, judged line by line (pure): lines below a confidence are
 * dropped, so are lines that are garbage (specks read as letters) and the
 * interface of a screenshot (menus, buttons, window titles, clocks). What is
 * left is quoted in the slide's language, saying what kind of picture it is
 * when that is known ("Screenshot: “…”").
 */
import { frame, type Lang } from '../lang';

/** Tesseract's names for the trained data of our languages; null where none is published on npm. */
export const TESSERACT_CODES: Record<Lang, string | null> = {
  en: 'eng', de: 'deu', fr: 'fra', es: 'spa', it: 'ita', pt: 'por', nl: 'nld', ru: null, pl: 'pol',
  ja: 'jpn', zh: 'chi_sim', ko: 'kor', ar: 'ara', he: 'heb',
};

export interface OcrLine {
  text: string;
  /** 0–100, tesseract's mean over the line's words. */
  confidence: number;
}

export type ImageKind = 'screenshot' | 'document';

// Words of application chrome, in the languages Office and browsers ship in.
const UI_WORDS = new Set(
  (
    'file edit view insert format tools table window help home share review design layout references mailings draw transitions animations slide show ' +
    'ok cancel close apply save open print search settings options back forward refresh minimize maximize undo redo copy paste cut select all new ' +
    'datei bearbeiten ansicht einfügen format extras fenster hilfe start speichern öffnen abbrechen schließen suchen einstellungen ' +
    'fichier édition affichage insertion outils fenêtre aide accueil enregistrer ouvrir annuler fermer rechercher ' +
    'archivo editar ver insertar herramientas ventana ayuda inicio guardar abrir cancelar cerrar buscar ' +
    'modifica visualizza inserisci strumenti finestra guida salva apri annulla chiudi cerca ' +
    'arquivo exibir inserir ferramentas janela ajuda início salvar abrir fechar pesquisar ' +
    'bestand bewerken beeld invoegen extra venster opslaan openen annuleren sluiten zoeken ' +
    'plik edycja widok wstaw narzędzia okno pomoc zapisz otwórz anuluj zamknij szukaj'
  ).split(/\s+/),
);
const CLOCK = /^\d{1,2}:\d{2}(\s?[ap]\.?m\.?)?$/i;
const URL_BAR = /^(https?:\/\/|www\.)\S+$/i;

function words(line: string): string[] {
  return line.split(/\s+/).filter(Boolean);
}

/** Interface text: a menu bar, a row of buttons, a clock, an address bar. */
export function isInterfaceLine(line: string): boolean {
  const ws = words(line.toLowerCase().replace(/[|•·›»>]+/g, ' '));
  if (!ws.length) return false;
  if (CLOCK.test(ws.join(' '))) return true;
  if (ws.length === 1 && (CLOCK.test(ws[0]) || URL_BAR.test(ws[0]))) return true;
  const ui = ws.filter((w) => UI_WORDS.has(w.replace(/[.:…]+$/, '')) || CLOCK.test(w)).length;
  return ws.length >= 2 && ui / ws.length >= 0.6;
}

/** Specks and textures read as letters: few real words, odd symbols, no vowels, one-letter runs. */
export function isGarbageLine(line: string): boolean {
  const t = line.trim();
  if (!/[\p{L}\p{N}]/u.test(t)) return true;
  const chars = [...t.replace(/\s+/g, '')];
  const good = chars.filter((c) => /[\p{L}\p{N}]/u.test(c)).length;
  if (good / chars.length < 0.6) return true;
  const ws = words(t);
  const latin = /^[\p{Script=Latin}\p{N}\p{P}]+$/u;
  const latinWords = ws.filter((w) => latin.test(w));
  if (latinWords.length >= 2) {
    const single = latinWords.filter((w) => w.replace(/\P{L}/gu, '').length === 1).length;
    if (single / latinWords.length > 0.5) return true;
    // words of three or more Latin letters without a vowel ("Tkgrn") are not words in our Latin-script languages
    const long = latinWords.map((w) => w.replace(/\P{L}/gu, '')).filter((w) => w.length >= 3);
    const noVowel = long.filter((w) => !/[aeiouyäöüàâéèêëîïôûùœæåáíóúãõąęó]/iu.test(w)).length;
    if (long.length && noVowel / long.length > 0.5) return true;
  }
  return false;
}

export interface KeptText {
  text: string;
  /** Mean confidence of the kept lines, 0–100. */
  confidence: number;
  kind: ImageKind | null;
}

// Screen sizes (and their halves, a window snapped to one side) that screenshots come in.
const SCREENS = [
  [1920, 1080], [1366, 768], [1280, 720], [1280, 800], [1440, 900], [1536, 864], [1600, 900], [1680, 1050], [2560, 1440], [2560, 1600], [1280, 1024], [1024, 768], [2880, 1800], [3840, 2160],
];

/** Lines gated by confidence; garbage and interface text dropped; the kind of picture when the evidence says so. */
export function keepLines(lines: OcrLine[], minConfidence: number, size?: { width: number; height: number }): KeptText {
  const kept: OcrLine[] = [];
  let ui = 0;
  for (const l of lines) {
    const text = l.text.replace(/\s+/g, ' ').trim();
    if (!text || !(l.confidence >= minConfidence) || isGarbageLine(text)) continue;
    if (isInterfaceLine(text)) {
      ui++;
      continue;
    }
    kept.push({ text, confidence: l.confidence });
  }
  const text = kept.map((l) => l.text).join(' ').replace(/\s+/g, ' ').trim();
  const confidence = kept.length ? kept.reduce((a, l) => a + l.confidence, 0) / kept.length : 0;
  const screenSized = !!size && SCREENS.some(([w, h]) => (size.width === w && size.height === h) || (size.width === w / 2 && size.height === h));
  let kind: ImageKind | null = null;
  if (ui >= 2 || (ui >= 1 && screenSized)) kind = 'screenshot';
  else if (kept.length >= 8 && words(text).length >= 60) kind = 'document';
  return { text, confidence, kind };
}

/** The text quoted in the slide's language, cut at a word so the whole fits in `max` characters. */
export function ocrAltText(text: string, max = 150, lang: Lang = 'en', kind: ImageKind | null = null): string {
  const key = kind === 'screenshot' ? 'ocr.screenshot' : kind === 'document' ? 'ocr.document' : 'ocr.text';
  const room = max - frame(lang, key, { text: '' }).length;
  let body = text;
  if (body.length > room) {
    const cut = body.slice(0, room - 1);
    const space = cut.lastIndexOf(' ');
    body = `${(space > room / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '')}…`;
  }
  return frame(lang, key, { text: body });
}

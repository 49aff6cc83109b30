/**
 * Is this ALT text junk rather than a description a person wrote? A quick test for
 * the audit's "pictures missing ALT" count; the processor has its own fuller
 * classifier. Errs towards "not junk": a short human label like "Robot" passes.
 */

const IMAGE_EXT = /\.(png|jpe?g|jfif|gif|bmp|dib|tiff?|emf|wmf|svg|webp|heic|ico|pict?|eps|wdp|jxr)$/i;
// Default names PowerPoint and friends give shapes, in the languages our users meet.
const DEFAULT_NAME =
  /^(picture|image|img|graphic|photo|pic|figure|fig|bild|grafik|abbildung|imagen|imagem|immagine|foto|afbeelding|obrázek|obraz|kép|kuva|bilde|billede|рисунок|изображение|図|画像|图片|圖片|그림)[\s_-]*\d*$/i;
// Office's automatic captions: machine-written, need a person's check.
const AUTO_CAPTION =
  /(description (automatically )?generated|generated with (very )?(high|low) confidence|ai-generated content may be incorrect|автоматически созданное описание|beschreibung automatisch generiert|description générée automatiquement)/i;

export function isJunkAlt(text: string | null | undefined): boolean {
  if (text == null) return true;
  const t = text.replace(/\s+/g, ' ').trim();
  if (t === '') return true;
  if (AUTO_CAPTION.test(t)) return true;
  if (DEFAULT_NAME.test(t)) return true;
  // Bare numbers, or clip-art ids like "MPj03090780000[1]" and "image001".
  if (/^\d+$/.test(t) || /^[A-Za-z]{0,6}\d{3,}(\[\d+\])?$/.test(t)) return true;
  // URLs and paths (C:\..., \\server\..., /Users/...) say where a file was, not what it shows.
  if (/^(https?|file|ftp):\/\//i.test(t) || /^[A-Za-z]:[\\/]/.test(t) || /^\\\\/.test(t) || /^\/(users|home|tmp|var|private)\//i.test(t)) return true;
  // Ends in a file name: "grid.png", "télécharger (6).jpg", "fig:\n\nlalune.jpg", "File:X.JPG".
  if (IMAGE_EXT.test(t)) return true;
  return false;
}

/**
 * Answers the way real vision models give them (chatty, refusing, "N/A", too long,
 * another language, broken JSON), for the describer's tests against the fake
 * model server (fake-ollama.ts).
 */

/**
 * Answers the way real vision models give them, each with what AltDeck must make
 * of it: `alt` (the ALT written), `long` (the long description, when one must be
 * there), `decorative` (a decorative proposal), or `none` (nothing may be written).
 */
export interface RealAnswer {
  name: string;
  reply: string;
  expect: { alt?: string; long?: RegExp; decorative?: true; none?: RegExp };
}

const json = (o: Record<string, string>) => JSON.stringify({ role: 'informative', alt: '', long_description: '', text_in_image: '', ...o });

export const REAL_ANSWERS: RealAnswer[] = [
  { name: 'clean JSON', reply: json({ alt: 'Histology of renal cortex with glomeruli' }), expect: { alt: 'Histology of renal cortex with glomeruli' } },
  { name: 'chatty English plain text', reply: 'Sure! Here is the ALT text: "Bar chart of admissions by month, peaking in January."', expect: { alt: 'Bar chart of admissions by month, peaking in January.' } },
  { name: 'chatty opening inside JSON', reply: json({ alt: 'The image is a chest X-ray with a central venous catheter' }), expect: { alt: 'A chest X-ray with a central venous catheter' } },
  { name: 'fenced JSON with prose around it', reply: 'Here is my answer:\n```json\n' + json({ alt: 'Diagram of the cardiac conduction system' }) + '\n```\nLet me know if you need more.', expect: { alt: 'Diagram of the cardiac conduction system' } },
  { name: 'German opening', reply: json({ alt: 'Das Bild zeigt einen Querschnitt durch die Niere' }), expect: { alt: 'Einen Querschnitt durch die Niere' } },
  { name: 'German politeness and label', reply: 'Gerne! Hier ist der Alternativtext: Mikroskopische Aufnahme eines Lymphknotens', expect: { alt: 'Mikroskopische Aufnahme eines Lymphknotens' } },
  { name: 'French', reply: json({ alt: "L'image montre une coupe sagittale du genou" }), expect: { alt: 'Une coupe sagittale du genou' } },
  { name: 'French preamble', reply: 'Bien sûr ! Voici le texte alternatif : Schéma du cycle de Krebs', expect: { alt: 'Schéma du cycle de Krebs' } },
  { name: 'Spanish', reply: json({ alt: 'La imagen muestra un electrocardiograma de doce derivaciones' }), expect: { alt: 'Un electrocardiograma de doce derivaciones' } },
  { name: 'Spanish politeness', reply: '¡Claro! Aquí está el texto alternativo: Radiografía de tórax', expect: { alt: 'Radiografía de tórax' } },
  { name: 'Italian', reply: json({ alt: "L'immagine mostra una cellula epiteliale" }), expect: { alt: 'Una cellula epiteliale' } },
  { name: 'Portuguese', reply: json({ alt: 'A imagem mostra um corte histológico do fígado' }), expect: { alt: 'Um corte histológico do fígado' } },
  { name: 'Dutch', reply: json({ alt: 'De afbeelding toont een doorsnede van het hart' }), expect: { alt: 'Een doorsnede van het hart' } },
  { name: 'Russian', reply: json({ alt: 'На изображении показана схема нефрона' }), expect: { alt: 'Схема нефрона' } },
  { name: 'Polish', reply: json({ alt: 'Obraz przedstawia schemat układu krążenia' }), expect: { alt: 'Schemat układu krążenia' } },
  { name: 'Japanese', reply: json({ alt: 'この画像は、腎臓の断面図です。' }), expect: { alt: '腎臓の断面図です。' } },
  { name: 'Chinese', reply: json({ alt: '这张图片显示了心脏的解剖结构' }), expect: { alt: '心脏的解剖结构' } },
  { name: 'Korean', reply: json({ alt: '이 이미지는 신장의 단면도입니다' }), expect: { alt: '신장의 단면도입니다' } },
  { name: 'Arabic', reply: json({ alt: 'تُظهر الصورة مقطعًا عرضيًا للكلية' }), expect: { alt: 'مقطعًا عرضيًا للكلية' } },
  { name: 'Hebrew', reply: json({ alt: 'התמונה מציגה חתך של הכליה' }), expect: { alt: 'חתך של הכליה' } },
  { name: 'refusal', reply: "I'm sorry, but I can't help with identifying people in images.", expect: { none: /declined/ } },
  { name: 'refusal in JSON, German', reply: json({ alt: 'Es tut mir leid, ich kann dieses Bild nicht beschreiben.' }), expect: { none: /declined/ } },
  { name: 'N/A', reply: json({ alt: 'N/A' }), expect: { none: /no description/ } },
  { name: 'N/A as plain text', reply: 'N/A', expect: { none: /no description/ } },
  { name: 'decorative role', reply: json({ role: 'decorative', alt: '' }), expect: { decorative: true } },
  { name: 'the word Decorative as ALT', reply: json({ alt: 'Decorative' }), expect: { decorative: true } },
  { name: 'décoratif in French', reply: 'Décoratif.', expect: { decorative: true } },
  {
    name: 'over-long answer',
    reply: json({
      role: 'complex',
      alt: 'Line graph of serum creatinine over ten days after surgery. The values rise from 80 to a peak of 240 micromoles per litre on day four and fall back to 110 by day ten, with dialysis marked on day five.',
    }),
    expect: { alt: 'Line graph of serum creatinine over ten days after surgery.', long: /peak of 240 micromoles per litre on day four/ },
  },
  {
    name: 'over-long plain answer with no sentence break',
    reply: 'A flowchart of the diagnostic pathway for suspected pulmonary embolism, starting with the Wells score, then D-dimer testing for low-probability patients and CT pulmonary angiography for the others',
    expect: { alt: 'A flowchart of the diagnostic pathway for suspected pulmonary embolism.', long: /Wells score, then D-dimer/ },
  },
  { name: 'complex with a long description', reply: json({ role: 'complex', alt: 'Flowchart of sepsis management', long_description: 'Step 1: recognise. Step 2: cultures. Step 3: antibiotics within one hour.' }), expect: { alt: 'Flowchart of sepsis management', long: /antibiotics within one hour/ } },
  { name: 'invalid JSON (cut off)', reply: '{"role": "informative", "alt": "Photograph of a stethoscope on a textbook", "long_description": "A', expect: { alt: 'Photograph of a stethoscope on a textbook' } },
  { name: 'invalid JSON (single quotes) falls back to text', reply: "{'alt': 'x'}", expect: { none: /not readable/ } },
  { name: 'reasoning block', reply: '<think>The user wants alt text.</think>' + json({ alt: 'Micrograph of skeletal muscle fibres' }), expect: { alt: 'Micrograph of skeletal muscle fibres' } },
  { name: 'picture of text', reply: json({ role: 'text', alt: '', text_in_image: 'Learning objectives' }), expect: { alt: 'Learning objectives' } },
];

/**
 * What models say around an answer, per language, as data: the chatty openings
 * to remove ("Sure! Here is the ALT text:", "Das Bild zeigt …"), refusals and
 * placeholders that must never become ALT text ("N/A", "Decorative", "Lo siento…").
 * Every list applies to every answer: a model asked for German may answer in English.
 *
 * Patterns are regular-expression sources, matched case-insensitively at the start
 * of the answer (openings, refusals) or against the whole answer (placeholders).
 */

export interface LanguagePhrases {
  /** "Sure!", "Gerne!": a first word that is only politeness. */
  interjections: string[];
  /** Words that make a short "…:" clause at the start a preamble ("Here is the ALT text:"). */
  preambleCues: string[];
  /** "The image shows", "Das Bild zeigt": removed, the rest kept. */
  openings: string[];
  /** Answers that decline to describe. */
  refusals: string[];
  /** Whole answers that say nothing (checked after cleaning, punctuation ignored). */
  placeholders: string[];
  /** Whole answers that mean "decorative": they become the decorative proposal. */
  decorative: string[];
}

export const PHRASES: Record<string, LanguagePhrases> = {
  en: {
    interjections: ['sure', 'certainly', 'of course', 'absolutely', 'okay', 'ok', 'great', 'here you go'],
    preambleCues: ['alt(?:ernative)?[\\s-]*text', 'description', 'caption', 'here is', "here's", 'answer'],
    openings: [
      '(?:this|the)\\s+(?:image|picture|photo|photograph|graphic|illustration|slide image)\\s+(?:is of|is|shows|depicts|displays|illustrates|contains|presents|features|portrays)\\s+',
      '(?:an?\\s+)?(?:image|picture|graphic|photo)\\s+(?:of|showing|depicting|that shows)\\s+',
      'in\\s+(?:this|the)\\s+(?:image|picture|photo)\\s*,?\\s*(?:we\\s+(?:can\\s+)?see\\s+|there\\s+(?:is|are)\\s+|you\\s+can\\s+see\\s+)?',
    ],
    refusals: [
      "i'?m sorry",
      'i am sorry',
      'sorry[,.!]',
      'i cannot',
      "i can'?t",
      'i am (?:not able|unable)',
      "i'?m (?:not able|unable)",
      'as an ai',
      'unfortunately,? i',
      "i (?:do not|don'?t) see",
      'there is no image',
      'no image (?:was|is) (?:provided|attached)',
    ],
    placeholders: ['n/?a', 'n\\.a\\.?', 'none', 'null', 'nil', 'nothing', 'empty', 'unknown', 'not applicable', 'no alt(?:ernative)? text', 'no description', 'image', 'picture', 'photo', 'alt text', 'alt', '-+', '\\.+', 'tbd', 'todo'],
    decorative: ['decorative', 'decorative (?:image|picture|element|graphic)', 'decoration', 'purely decorative'],
  },
  de: {
    interjections: ['gerne', 'gern', 'natürlich', 'klar', 'sicher', 'selbstverständlich'],
    preambleCues: ['alt-?text', 'alternativtext', 'bildbeschreibung', 'beschreibung', 'hier ist'],
    openings: [
      '(?:das|dieses)\\s+(?:bild|foto|abbildung|grafik|diagramm)\\s+(?:zeigt|stellt)\\s+',
      'auf\\s+(?:dem|diesem)\\s+(?:bild|foto)\\s+(?:sieht\\s+man|ist|sind|erkennt\\s+man)\\s+',
      'zu\\s+sehen\\s+ist\\s+',
    ],
    refusals: ['es tut mir leid', 'entschuldigung', 'leider kann ich', 'ich kann (?:keine|nicht|das|dieses)', 'als (?:ki|künstliche intelligenz)'],
    placeholders: ['keine', 'kein', 'keiner', 'nicht zutreffend', 'k\\.\\s?a\\.?', 'bild', 'kein alt-?text', 'keine beschreibung'],
    decorative: ['dekorativ', 'dekoratives (?:bild|element)', 'dekoration', 'rein dekorativ'],
  },
  fr: {
    interjections: ['bien sûr', "d'accord", 'certainement', 'voici'],
    preambleCues: ['texte alternatif', 'description', 'voici'],
    openings: [
      "(?:l'|cette\\s+)(?:image|photo|illustration)\\s+(?:montre|représente|présente|illustre)\\s+",
      "sur\\s+(?:cette|l')\\s*(?:image|photo)\\s*,?\\s*on\\s+(?:peut\\s+)?voit?\\s+",
      "(?:il\\s+s'agit\\s+d(?:'|e\\s+))",
    ],
    refusals: ['je suis désolée?', 'désolée?', 'je ne peux pas', 'je ne suis pas en mesure', "malheureusement,? je"],
    placeholders: ['aucun', 'aucune', 'néant', 'sans objet', 'image'],
    decorative: ['décoratif', 'décorative', 'image décorative', 'élément décoratif'],
  },
  es: {
    interjections: ['¡?claro', '¡?por supuesto', 'desde luego', '¡?seguro'],
    preambleCues: ['texto alternativo', 'descripción', 'aquí (?:está|tienes)'],
    openings: [
      '(?:la|esta)\\s+(?:imagen|foto|fotografía|ilustración)\\s+(?:muestra|representa|presenta|ilustra)\\s+',
      'en\\s+(?:la|esta)\\s+(?:imagen|foto)\\s*,?\\s*se\\s+(?:ve|ven|observa|observan|muestra|muestran)\\s+',
    ],
    refusals: ['lo siento', 'lo lamento', 'no puedo', 'disculpa', 'lamentablemente,? no'],
    placeholders: ['ninguno', 'ninguna', 'no aplica', 'imagen'],
    decorative: ['decorativo', 'decorativa', 'imagen decorativa', 'elemento decorativo'],
  },
  it: {
    interjections: ['certo', 'certamente', 'naturalmente', 'ecco'],
    preambleCues: ['testo alternativo', 'descrizione', 'ecco'],
    openings: [
      "(?:l'|questa\\s+)(?:immagine|foto|illustrazione)\\s+(?:mostra|raffigura|rappresenta|illustra)\\s+",
      "nell'immagine\\s+si\\s+(?:vede|vedono|nota)\\s+",
    ],
    refusals: ['mi dispiace', 'spiacente', 'non posso', 'non sono in grado'],
    placeholders: ['nessuno', 'nessuna', 'non applicabile', 'immagine'],
    decorative: ['decorativo', 'decorativa', 'immagine decorativa', 'elemento decorativo'],
  },
  pt: {
    interjections: ['claro', 'com certeza', 'certamente', 'aqui está'],
    preambleCues: ['texto alternativo', 'descrição', 'aqui está'],
    openings: [
      '(?:a|esta)\\s+(?:imagem|foto|fotografia|ilustração)\\s+(?:mostra|representa|apresenta|ilustra|exibe)\\s+',
      'na\\s+imagem\\s*,?\\s*(?:vê-se|vemos|podemos ver|é possível ver)\\s+',
    ],
    refusals: ['desculpe', 'lamento', 'sinto muito', 'não posso', 'não consigo'],
    placeholders: ['nenhum', 'nenhuma', 'não se aplica', 'imagem'],
    decorative: ['decorativo', 'decorativa', 'imagem decorativa', 'elemento decorativo'],
  },
  nl: {
    interjections: ['natuurlijk', 'zeker', 'uiteraard', 'graag'],
    preambleCues: ['alt-?tekst', 'alternatieve tekst', 'beschrijving', 'hier is'],
    openings: [
      '(?:de|deze)\\s+(?:afbeelding|foto|illustratie)\\s+(?:toont|laat\\s+zien|geeft\\s+weer)\\s+',
      'op\\s+(?:de|deze)\\s+(?:afbeelding|foto)\\s+(?:is|zijn|zie\\s+je|ziet\\s+u)\\s+',
    ],
    refusals: ['het spijt me', 'sorry', 'helaas kan ik', 'ik kan (?:geen|niet|dit)'],
    placeholders: ['geen', 'niet van toepassing', 'afbeelding'],
    decorative: ['decoratief', 'decoratieve afbeelding', 'decoratie'],
  },
  ru: {
    interjections: ['конечно', 'разумеется', 'хорошо'],
    preambleCues: ['альтернативный текст', 'описание', 'вот'],
    openings: [
      'на\\s+(?:этом\\s+|данном\\s+)?(?:изображении|картинке|фото|фотографии|снимке)\\s+(?:показан[аоы]?|изображен[аоы]?|представлен[аоы]?|виден|видна|видно|видны)\\s+',
      '(?:это\\s+|данное\\s+)?изображение\\s+(?:показывает|демонстрирует|представляет)\\s+',
    ],
    refusals: ['извините', 'простите', 'к сожалению', 'я не могу'],
    placeholders: ['нет', 'отсутствует', 'изображение', 'не применимо'],
    decorative: ['декоративн(?:ый|ое|ая)', 'декоративное изображение', 'декоративный элемент'],
  },
  pl: {
    interjections: ['oczywiście', 'jasne', 'pewnie', 'proszę'],
    preambleCues: ['tekst alternatywny', 'opis', 'oto'],
    openings: [
      '(?:ten\\s+|to\\s+)?(?:obraz(?:ek)?|zdjęcie|ilustracja|grafika)\\s+(?:przedstawia|pokazuje|ukazuje)\\s+',
      'na\\s+(?:tym\\s+)?(?:obrazie|obrazku|zdjęciu)\\s+(?:widać|widoczn[aey]\\s+(?:jest|są))\\s+',
    ],
    refusals: ['przepraszam', 'niestety,? nie', 'nie mogę'],
    placeholders: ['brak', 'nie dotyczy', 'obraz'],
    decorative: ['dekoracyjn(?:y|a|e)', 'obraz dekoracyjny', 'element dekoracyjny'],
  },
  ja: {
    interjections: ['もちろんです', 'もちろん', '承知しました', 'かしこまりました', 'はい'],
    preambleCues: ['代替テキスト', '説明', '以下'],
    openings: ['(?:この)?(?:画像|写真|図|イラスト)(?:は|には)[、,]?\\s*'],
    refusals: ['申し訳', 'すみません', '残念ながら', '.*できません'],
    placeholders: ['なし', '該当なし', '画像'],
    decorative: ['装飾', '装飾的', '装飾用(?:の画像)?'],
  },
  zh: {
    interjections: ['当然', '好的', '没问题', '可以'],
    preambleCues: ['替代文本', '描述', '以下'],
    openings: ['(?:这张|该|此|这幅)?(?:图片|图像|照片|图)(?:显示|展示|描绘|呈现)了?[：:，,]?\\s*'],
    refusals: ['抱歉', '对不起', '很抱歉', '我无法', '我不能'],
    placeholders: ['无', '没有', '不适用', '图片'],
    decorative: ['装饰', '装饰性', '装饰性(?:图片|图像)'],
  },
  ko: {
    interjections: ['물론입니다', '물론', '네', '좋습니다'],
    preambleCues: ['대체 텍스트', '설명', '다음'],
    openings: ['(?:이\\s*)?(?:이미지|사진|그림)(?:는|은|에는)\\s*'],
    refusals: ['죄송', '미안', '.*할 수 없습니다'],
    placeholders: ['없음', '해당 없음', '이미지'],
    decorative: ['장식', '장식용', '장식용 이미지'],
  },
  ar: {
    interjections: ['بالتأكيد', 'بالطبع', 'حسنًا', 'حسنا'],
    preambleCues: ['النص البديل', 'وصف', 'إليك'],
    openings: ['(?:تُظهر|تظهر|توضح|تعرض)\\s+(?:هذه\\s+)?الصورة\\s+', '(?:هذه\\s+)?الصورة\\s+(?:تُظهر|تظهر|توضح|تعرض)\\s+'],
    refusals: ['عذر', 'آسف', 'أعتذر', 'لا أستطيع', 'لا يمكنني'],
    placeholders: ['لا يوجد', 'لا شيء', 'غير متوفر', 'صورة'],
    decorative: ['زخرفي', 'زخرفية', 'صورة زخرفية'],
  },
  he: {
    interjections: ['בטח', 'בוודאי', 'כמובן', 'בשמחה'],
    preambleCues: ['טקסט חלופי', 'תיאור', 'הנה'],
    openings: ['(?:ה)?תמונה\\s+(?:הזו\\s+|זו\\s+)?(?:מציגה|מראה)\\s+', 'בתמונה\\s+(?:רואים|נראה|נראים|נראית|מוצג|מוצגת|מוצגים)\\s+'],
    refusals: ['סליחה', 'מצטער', 'מצטערת', 'אני לא יכול', 'אינני יכול'],
    placeholders: ['אין', 'לא רלוונטי', 'תמונה'],
    decorative: ['דקורטיבי', 'דקורטיבית', 'תמונה דקורטיבית'],
  },
};

const all = (k: keyof LanguagePhrases) => Object.values(PHRASES).flatMap((p) => p[k]);

/** "Sure!" / "Gerne." / "もちろんです！" as the first sentence. */
export const INTERJECTION = new RegExp(`^(?:${all('interjections').join('|')})\\s*[!.,:;！。，、]+\\s*`, 'iu');
/** A cue word inside a short opening clause ending in a colon ("Here is the ALT text:"). Whole words where words have spaces. */
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u;
export const PREAMBLE_CUE = new RegExp(
  all('preambleCues')
    .map((c) => (CJK.test(c) ? `(?:${c})` : `(?<![\\p{L}])(?:${c})(?![\\p{L}])`))
    .join('|'),
  'iu',
);
export const OPENINGS = all('openings').map((s) => new RegExp(`^${s}`, 'iu'));
export const REFUSAL = new RegExp(`^(?:${all('refusals').join('|')})`, 'iu');
export const PLACEHOLDER = new RegExp(`^(?:${all('placeholders').join('|')})$`, 'iu');
export const DECORATIVE_WORD = new RegExp(`^(?:${all('decorative').join('|')})$`, 'iu');

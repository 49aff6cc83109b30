/**
 * Link text that says nothing about where a link goes ("click here", "more"), per language,
 * as data (issue 13, "Unclear hyperlink text"). Every list applies to every deck: a German
 * deck may hold an English "click here". Entries are compared with the whole link text,
 * lower-cased, whitespace collapsed and surrounding punctuation, quotes and arrows removed
 * (checker/rule-hyperlinks.ts), so "Click here!" and "» mehr" match.
 */
import type { Lang } from './languages';

export const UNCLEAR_LINK_TEXT: Readonly<Record<Lang, readonly string[]>> = {
  en: ['click here', 'click', 'here', 'link', 'this link', 'link here', 'more', 'read more', 'learn more', 'more info', 'more information', 'details', 'go', 'go here', 'this', 'this page', 'page', 'website', 'web site', 'site', 'url', 'see here', 'info', 'download', 'click this link', 'click for more', 'click here for more', 'click here for more information', 'continue', 'continue reading'],
  de: ['hier', 'hier klicken', 'klicken sie hier', 'klick hier', 'link', 'dieser link', 'mehr', 'weiter', 'weiterlesen', 'mehr erfahren', 'mehr informationen', 'weitere informationen', 'mehr infos', 'details', 'info', 'infos', 'hier entlang', 'webseite', 'website', 'seite', 'download', 'herunterladen'],
  fr: ['cliquez ici', 'cliquer ici', 'clique ici', 'ici', 'lien', 'ce lien', 'plus', 'en savoir plus', 'lire la suite', 'la suite', 'suite', "plus d'informations", "plus d'infos", 'détails', 'voir ici', 'page', 'site', 'site web', 'télécharger', 'cliquez'],
  es: ['haga clic aquí', 'haz clic aquí', 'clic aquí', 'click aquí', 'pulse aquí', 'pulsa aquí', 'pincha aquí', 'aquí', 'enlace', 'este enlace', 'vínculo', 'más', 'leer más', 'ver más', 'más información', 'saber más', 'detalles', 'página', 'sitio web', 'descargar'],
  it: ['clicca qui', 'fai clic qui', 'clic qui', 'qui', 'link', 'questo link', 'collegamento', 'altro', 'di più', 'leggi di più', 'leggi tutto', 'scopri di più', 'maggiori informazioni', 'più informazioni', 'dettagli', 'pagina', 'sito', 'scarica'],
  pt: ['clique aqui', 'clica aqui', 'aqui', 'link', 'este link', 'ligação', 'mais', 'leia mais', 'ler mais', 'saiba mais', 'ver mais', 'mais informações', 'detalhes', 'página', 'site', 'baixar', 'transferir'],
  nl: ['klik hier', 'hier', 'link', 'deze link', 'meer', 'lees meer', 'meer lezen', 'meer informatie', 'meer info', 'details', 'pagina', 'website', 'downloaden', 'download'],
  ru: ['нажмите здесь', 'нажмите сюда', 'кликните здесь', 'кликните сюда', 'щелкните здесь', 'щёлкните здесь', 'здесь', 'тут', 'сюда', 'ссылка', 'эта ссылка', 'по ссылке', 'подробнее', 'ещё', 'еще', 'далее', 'больше', 'читать далее', 'узнать больше', 'страница', 'сайт', 'скачать'],
  pl: ['kliknij tutaj', 'kliknij tu', 'kliknij', 'tutaj', 'tu', 'link', 'ten link', 'odnośnik', 'więcej', 'czytaj więcej', 'dowiedz się więcej', 'szczegóły', 'strona', 'pobierz'],
  ja: ['ここをクリック', 'こちらをクリック', 'ここ', 'こちら', 'リンク', '詳細', '詳しくはこちら', 'もっと見る', '続きを読む', 'クリック'],
  zh: ['点击这里', '点击此处', '单击此处', '单击这里', '请点击', '这里', '此处', '链接', '更多', '了解更多', '详情', '点击'],
  ko: ['여기를 클릭', '여기를 클릭하세요', '클릭', '여기', '링크', '자세히', '자세히 보기', '더 보기', '더보기'],
  ar: ['انقر هنا', 'اضغط هنا', 'هنا', 'رابط', 'الرابط', 'المزيد', 'اقرأ المزيد', 'التفاصيل', 'تفاصيل'],
  he: ['לחץ כאן', 'לחצו כאן', 'כאן', 'קישור', 'עוד', 'קרא עוד', 'קראו עוד', 'פרטים', 'לפרטים'],
};

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deckLanguage, detectLanguage, slideLanguage, textSignals, presentationLang, coreLang } from '../../../src/processor/lang';

const s = (text: string, lang: string | null = 'en-US') => ({ text, lang });

test('the script decides where it is not Latin, whatever the tags say', () => {
  assert.equal(detectLanguage([s('Строение клетки и её органоиды')]).lang, 'ru');
  assert.equal(detectLanguage([s('细胞膜的结构与功能')]).lang, 'zh');
  assert.equal(detectLanguage([s('細胞膜の構造と機能について')]).lang, 'ja');
  assert.equal(detectLanguage([s('細胞膜', 'ja-JP')]).lang, 'ja'); // Han alone, tagged Japanese
  assert.equal(detectLanguage([s('세포막의 구조와 기능')]).lang, 'ko');
  assert.equal(detectLanguage([s('بنية غشاء الخلية')]).lang, 'ar');
  assert.equal(detectLanguage([s('מבנה קרום התא')]).lang, 'he');
  // a Chinese slide with English terms is still Chinese
  assert.equal(detectLanguage([s('细胞膜 cell membrane 的结构')]).lang, 'zh');
});

test('function words decide Latin text over wrong tags; tags decide when words are too few', () => {
  assert.equal(detectLanguage([s('Die Zelle ist die kleinste Einheit des Lebens und wird von der Membran begrenzt')]).lang, 'de');
  assert.equal(detectLanguage([s('La cellule est l’unité de base du vivant et elle est entourée par une membrane')]).lang, 'fr');
  assert.equal(detectLanguage([s('La célula es la unidad básica de la vida y está rodeada por una membrana')]).lang, 'es');
  assert.equal(detectLanguage([s('La cellula è l’unità di base della vita ed è circondata da una membrana')]).lang, 'it');
  assert.equal(detectLanguage([s('A célula é a unidade básica da vida e não tem núcleo nas bactérias')]).lang, 'pt');
  assert.equal(detectLanguage([s('De cel is de kleinste eenheid van het leven en wordt omgeven door een membraan')]).lang, 'nl');
  assert.equal(detectLanguage([s('Komórka jest podstawową jednostką życia i jest otoczona przez błonę')]).lang, 'pl');
  assert.equal(detectLanguage([s('The cell is the basic unit of life and is bounded by a membrane', 'de-DE')]).lang, 'en');
  assert.equal(detectLanguage([s('Zellmembran', 'de-DE')]).lang, 'de');
  assert.equal(detectLanguage([s('Zellmembran', 'el-GR')], { fallback: 'fr' }).lang, 'fr'); // a tag we have no frames for
  assert.equal(detectLanguage([]).lang, 'en');
});

test('a slide keeps the deck’s language unless its own evidence is clear', () => {
  const deck = deckLanguage([[s('Die Zelle ist die kleinste Einheit des Lebens und wird von der Membran begrenzt')], [s('Agenda')]]);
  assert.equal(deck.lang, 'de');
  assert.equal(deck.tagsTrusted, false); // German text tagged en-US: the tags say nothing
  assert.equal(slideLanguage([s('Agenda und Überblick über die Vorlesung heute')], deck), 'de');
  assert.equal(slideLanguage([s('Membranproteine Transportvorgänge Kanäle')], deck), 'de');
  assert.equal(slideLanguage([s('Клеточная мембрана')], deck), 'ru');
  assert.equal(slideLanguage([], deck), 'de');
  // an empty deck takes the presentation's default, then docProps/core.xml
  assert.equal(deckLanguage([], { presentation: 'fr-FR', core: 'de-DE' }).lang, 'fr');
  assert.equal(deckLanguage([], { presentation: null, core: 'es-ES' }).lang, 'es');
});

test('XML: runs carry their own tag, else the paragraph’s; presentation and core defaults', () => {
  const xml = `<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:lstStyle/>
    <a:p><a:r><a:rPr lang="de-DE"/><a:t>Zelle</a:t></a:r><a:r><a:t>Kern</a:t></a:r><a:endParaRPr lang="fr-FR"/></a:p>
    <a:p><a:fld id="x" type="slidenum"><a:rPr lang="it-IT"/><a:t>3</a:t></a:fld></a:p>
  </p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
  assert.deepEqual(textSignals(xml), [
    { text: 'Zelle', lang: 'de-DE' },
    { text: 'Kern', lang: 'fr-FR' },
    { text: '3', lang: 'it-IT' },
  ]);
  const pres = `<p:presentation xmlns:p="p" xmlns:a="a"><p:defaultTextStyle><a:defPPr><a:defRPr lang="ru-RU"/></a:defPPr><a:lvl1pPr><a:defRPr lang="en-US"/></a:lvl1pPr></p:defaultTextStyle></p:presentation>`;
  assert.equal(presentationLang(pres), 'ru-RU');
  assert.equal(coreLang('<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:language>pl-PL</dc:language></cp:coreProperties>'), 'pl-PL');
});

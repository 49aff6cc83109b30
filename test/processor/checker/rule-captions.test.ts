/**
 * Missing closed captions: corpus decks with video and audio (one video with a WebVTT
 * caption track, aspose__PresentationDemo.pptx slide 4) and a generated deck with a video.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PptxGenJS from 'pptxgenjs';
import { tempDir } from '../../helpers/tmp';
import { corpusFile, corpusSkip } from '../../helpers/corpus';
import { makePng } from '../../helpers/make-deck';
import { captionTracks, checkCaptions } from '../../../src/processor/checker/rule-captions';
import { loadDeck } from './load-deck';

async function findingsOf(path: string) {
  const deck = await loadDeck(path);
  try {
    const media = deck.slides.flatMap((s) => s.objects.filter((o) => o.kind === 'video' || o.kind === 'audio').map((o) => ({ slide: s.number, kind: o.kind, tracks: captionTracks(o) })));
    return { media, findings: deck.slides.flatMap((s) => checkCaptions(s)) };
  } finally {
    deck.close();
  }
}

test('a generated video without captions is flagged', async (t) => {
  const dir = tempDir(t);
  const pptx = new PptxGenJS();
  const s = pptx.addSlide();
  s.addText('Heart sounds', { x: 0.5, y: 0.3, w: 9, h: 0.8 });
  // pptxgenjs needs real media bytes; a few bytes named .mp4 are enough for the file's structure
  s.addMedia({ type: 'video', data: `video/mp4;base64,${Buffer.from('not really a video').toString('base64')}`, cover: `image/png;base64,${makePng().toString('base64')}`, x: 1, y: 1.5, w: 4, h: 3 } as never);
  s.addImage({ data: `image/png;base64,${makePng().toString('base64')}`, x: 6, y: 1.5, w: 2, h: 2 });
  const path = join(dir, 'video.pptx');
  writeFileSync(path, (await pptx.write({ outputType: 'nodebuffer' })) as Buffer);
  const { media, findings } = await findingsOf(path);
  assert.equal(media.length, 1);
  assert.equal(findings.length, 1);
  assert.equal(findings[0].rule, 'missing-captions');
  assert.equal(findings[0].outcome, 'flagged');
  assert.match(findings[0].message, /video .* no closed captions/);
});

test('corpus: a video with a WebVTT track passes, media without one is flagged', { skip: corpusSkip }, async () => {
  const demo = await findingsOf(corpusFile('aspose__PresentationDemo.pptx'));
  assert.deepEqual(demo.media.filter((m) => m.kind === 'video').map((m) => m.tracks), [1]);
  assert.equal(demo.findings.length, 0);
  const video = await findingsOf(corpusFile('poi__EmbeddedVideo.pptx'));
  assert.ok(video.findings.length >= 1);
  assert.ok(video.findings.every((f) => f.rule === 'missing-captions' && /video/.test(f.message)));
  const audio = await findingsOf(corpusFile('poi__EmbeddedAudio.pptx'));
  assert.ok(audio.findings.some((f) => /audio clip/.test(f.message)));
});

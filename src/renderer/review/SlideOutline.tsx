import type { SlideOutline as Outline } from '../../shared/types';
import { placeWords } from './labels';

const W = 320;

/**
 * The slide drawn as an outline: its text boxes with their first words and the
 * picture's frame, so the reviewer sees what the ALT text must fit (issue 11 §3).
 */
export function SlideOutline({ outline, slide }: { outline: Outline; slide: number }) {
  const h = Math.round(W / (outline.aspect || 4 / 3));
  const sx = (v: number) => (v / 1000) * W;
  const sy = (v: number) => (v / 1000) * h;
  const label = `Outline of slide ${slide}: the picture is ${outline.frame ? placeWords(outline.frame) : 'not placed on the slide itself'}.${outline.texts.length ? ` Text on the slide: ${outline.texts.map((t) => t.text).join(' · ')}` : ' No text on the slide.'}`;
  return (
    <figure className="slide-outline" data-testid="slide-outline">
      <svg viewBox={`0 0 ${W} ${h}`} width={W} height={h} role="img" aria-label={label}>
        <rect x={0.5} y={0.5} width={W - 1} height={h - 1} className="so-slide" />
        {outline.texts.map((t, i) => (
          <g key={i}>
            <rect x={sx(t.box[0])} y={sy(t.box[1])} width={Math.max(2, sx(t.box[2]))} height={Math.max(2, sy(t.box[3]))} className="so-text" />
            <text x={sx(t.box[0]) + 3} y={sy(t.box[1]) + 11} className={t.title ? 'so-words so-title' : 'so-words'}>
              {t.text.length > 40 ? `${t.text.slice(0, 39)}…` : t.text}
            </text>
          </g>
        ))}
        {outline.frame && <rect x={sx(outline.frame[0])} y={sy(outline.frame[1])} width={Math.max(3, sx(outline.frame[2]))} height={Math.max(3, sy(outline.frame[3]))} className="so-frame" />}
      </svg>
      <figcaption className="muted">The picture’s frame (thick) on slide {slide}, with the slide’s text.</figcaption>
    </figure>
  );
}

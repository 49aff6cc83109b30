/**
 * The shape of a language's frame table. English (en.ts) defines the keys; every
 * other language must give every key (the type checker enforces it), so no
 * English text can leak into another language's output.
 *
 * A frame is text with `{name}` slots. A frame with a count has one form per
 * plural category of the language (Intl.PluralRules: zero, one, two, few, many,
 * other); `other` is required.
 */
import type en from './en';

export type Plural = { other: string; zero?: string; one?: string; two?: string; few?: string; many?: string };
export type FrameText = string | Plural;
export type FrameKey = keyof typeof en;
export type Frames = Record<FrameKey, FrameText>;

/**
 * The vision-model describer (src/processor/model/), under the name the rest of
 * the processor has always used. Ollama's API by default here; the describer
 * itself also speaks the OpenAI-compatible chat API (`api: 'openai' | 'auto'`).
 */
import { createModelDescriber, type ModelDescriber, type ModelDescriberOptions } from '../model/describer';

export { ModelServerError, type ModelServerErrorKind } from '../model/http';
export { cleanAltText, interpretAnswer, parseModelAnswer } from '../model/answer';
export { sameModel } from '../model/ollama-api';
export { MODEL_ALT_MAX as ALT_MAX } from '../model/prompt';

export type OllamaOptions = ModelDescriberOptions;

export function createOllamaDescriber(options: OllamaOptions): ModelDescriber {
  return createModelDescriber({ api: 'ollama', ...options });
}

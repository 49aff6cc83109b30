import { useEffect, useState, type FormEvent } from 'react';
import { api } from '../api';
import { saveSettings } from '../actions';
import { useApp } from '../store';
import { PROCESSOR_FROM_SETTINGS_FILE_ONLY, type AppSettings } from '../../shared/ipc';

/** Settings for new batches; saved by main in the app-data folder. */
export function SettingsView() {
  const saved = useApp((s) => s.settings);
  const [form, setForm] = useState<AppSettings | null>(saved);
  const [msg, setMsg] = useState('');
  useEffect(() => setForm(saved), [saved]);
  if (!form) return <p>Loading settings…</p>;

  const upd = <K extends keyof AppSettings>(k: K, v: AppSettings[K]) => setForm({ ...form, [k]: v });
  const num = (k: 'workers' | 'timeoutSec' | 'maxAttempts' | 'minFreeMB') => (e: { target: { value: string } }) => upd(k, Number(e.target.value));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMsg('');
    // The processor is read-only here: main refuses it from the window (settings file or CLI only).
    const { processor: _fromFile, ...patch } = form;
    const ok = await saveSettings(patch);
    setMsg(ok ? 'Settings saved. They apply to new batches.' : (useApp.getState().error ?? 'Could not save.'));
  };

  return (
    <section className="view" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <form onSubmit={(e) => void submit(e)} className="settings" data-testid="settings-form">
        <fieldset>
          <legend>Processing</legend>
          <label htmlFor="s-workers">Decks processed at the same time</label>
          <input id="s-workers" type="number" min={1} max={32} value={form.workers} onChange={num('workers')} />
          <label htmlFor="s-timeout">Time limit per deck (seconds)</label>
          <input id="s-timeout" type="number" min={5} value={form.timeoutSec} onChange={num('timeoutSec')} />
          <label htmlFor="s-attempts">Attempts per deck</label>
          <input id="s-attempts" type="number" min={1} max={20} value={form.maxAttempts} onChange={num('maxAttempts')} />
          <label htmlFor="s-threshold">Stop the batch when this share of decks fails (%; 0 = never)</label>
          <input
            id="s-threshold"
            type="number"
            min={0}
            max={100}
            value={Math.round(form.errorThreshold * 100)}
            onChange={(e) => upd('errorThreshold', Number(e.target.value) / 100)}
          />
        </fieldset>
        <fieldset>
          <legend>Output</legend>
          <label htmlFor="s-output">Output folder (empty: an “AltDeck output” folder beside the decks)</label>
          <div className="inline">
            <input id="s-output" type="text" value={form.outputDir} onChange={(e) => upd('outputDir', e.target.value)} />
            <button
              type="button"
              onClick={async () => {
                const dir = await api().pickFolder();
                if (dir) upd('outputDir', dir);
              }}
            >
              Choose…
            </button>
          </div>
          <label htmlFor="s-policy">Existing ALT text</label>
          <select id="s-policy" value={form.altPolicy} onChange={(e) => upd('altPolicy', e.target.value as AppSettings['altPolicy'])}>
            <option value="preserve">Keep ALT text a person wrote, fill in the rest</option>
            <option value="overwrite">Replace all ALT text</option>
            <option value="audit">Only report, change nothing</option>
          </select>
          <label htmlFor="s-min-free">Keep this much free on the output drive (MB; below it the batch pauses)</label>
          <input id="s-min-free" type="number" min={0} step={1} value={form.minFreeMB} onChange={num('minFreeMB')} aria-describedby="s-min-free-help" />
          <p id="s-min-free-help" className="muted">
            1024 MB (1 GB) by default. Lower it for a small drive; each deck still needs twice its size free.
          </p>
        </fieldset>
        <fieldset>
          <legend>Describing pictures</legend>
          <label htmlFor="s-server">Local model server (Ollama, llama.cpp, LM Studio, vLLM, LocalAI), on this computer only</label>
          <input
            id="s-server"
            type="url"
            placeholder="http://127.0.0.1:11434"
            value={form.modelServer}
            onChange={(e) => upd('modelServer', e.target.value)}
            aria-describedby="s-server-help"
          />
          <p id="s-server-help" className="muted">
            Leave empty to use text from the slides and OCR only. Nothing is ever sent off this computer.
          </p>
          <label htmlFor="s-model">Model</label>
          <input id="s-model" type="text" placeholder="llava" value={form.model} onChange={(e) => upd('model', e.target.value)} />
          <label htmlFor="s-model-api">Server type</label>
          <select id="s-model-api" value={form.modelApi ?? 'auto'} onChange={(e) => upd('modelApi', e.target.value as AppSettings['modelApi'])}>
            <option value="auto">Find out automatically</option>
            <option value="ollama">Ollama</option>
            <option value="openai">OpenAI-compatible (llama.cpp, LM Studio, vLLM, LocalAI)</option>
          </select>
          <label htmlFor="s-model-domain">What the decks are (optional, tells the model)</label>
          <input
            id="s-model-domain"
            type="text"
            placeholder="medical school lecture"
            maxLength={200}
            value={form.modelDomain ?? ''}
            onChange={(e) => upd('modelDomain', e.target.value)}
          />
          <div className="check">
            <input id="s-ocr" type="checkbox" checked={form.ocr} onChange={(e) => upd('ocr', e.target.checked)} />
            <label htmlFor="s-ocr">Read text in pictures (OCR)</label>
          </div>
          <div className="check">
            <input
              id="s-placeholders"
              type="checkbox"
              checked={form.writePlaceholders}
              onChange={(e) => upd('writePlaceholders', e.target.checked)}
              aria-describedby="s-placeholders-note"
            />
            <label htmlFor="s-placeholders">Write a placeholder where nothing says what an image shows</label>
            <p id="s-placeholders-note" className="muted">
              Off by default. A placeholder silences PowerPoint’s checker but tells a reader nothing: it still counts as missing alternative text.
            </p>
          </div>
          <p id="s-processor" data-testid="settings-processor">
            Processor: {form.processor ? <code>{form.processor}</code> : 'built-in'}
            <br />
            <span className="muted">{PROCESSOR_FROM_SETTINGS_FILE_ONLY}</span>
          </p>
        </fieldset>
        <div className="actions">
          <button type="submit" className="primary">
            Save settings
          </button>
          <span role="status" data-testid="settings-status">
            {msg}
          </span>
        </div>
      </form>
    </section>
  );
}

/** Scenario inputs, presets, Run/Stop, Share, import and export. Every input has a visible label. */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { findPreset, LIMITS, MIX_GROUPS, PRESETS, presetInUse, STRATEGIES, type MixGroup } from '../../engine/index.ts';
import { leftOutOfLink, linkedBlocks, presetFile, scenarioForPreset, setInput, setScenario } from '../store/actions.ts';
import { checkBlockFile, exportCurrent, requestRun, stopRun } from '../store/runner.ts';
import { addNotice, useApp } from '../store/store.ts';
import { scenarioUrl } from '../url/scenarioUrl.ts';
import { downloadJson } from '../download.ts';
import { countOf } from '../charts/math.ts';
import { linkHint } from './linkHint.ts';

const maxWorkers = (): number =>
  Math.max(16, typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2);

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (v: number) => void;
  hint?: string;
  /** A rule beyond the range, checked before committing: the problem in words, or null. */
  check?: (v: number) => string | null;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const shown = text ?? String(props.value);
  const commit = (raw: string): void => {
    const v = Number(raw);
    const outOfRange = raw.trim() === '' || !Number.isInteger(v) || v < props.min || v > props.max;
    const broken = outOfRange ? null : (props.check?.(v) ?? null);
    if (outOfRange || broken) {
      // Keep what was typed on screen, marked invalid; the scenario keeps its last valid value.
      setText(raw);
      setProblem(broken);
      return;
    }
    setText(null);
    setProblem(null);
    props.onChange(v);
  };
  const invalid = text !== null;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={shown}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-err` : undefined}
        onChange={(e) => commit(e.target.value)}
        onBlur={() => {
          setText(null);
          setProblem(null);
        }}
      />
      {invalid && (
        <span id={`${id}-err`} className="field-error">
          {problem ?? `${props.min}–${props.max}`}
        </span>
      )}
      {props.hint && <span className="hint">{props.hint}</span>}
    </div>
  );
}

/** The generated workload's whole-number inputs, each bounded by the engine's LIMITS. */
const SIZE_FIELDS = [
  ['blockSize', 'Block size'],
  ['blocks', 'Blocks'],
  ['seed', 'Seed'],
] as const;

/** A bad file's problems as the list shows them: the first few, then how many more there are. */
const LISTED_PROBLEMS = 8;
function listedProblems(issues: string[], total: number): string[] {
  const listed = issues.slice(0, LISTED_PROBLEMS);
  return total > listed.length ? [...listed, `…and ${total - listed.length} more`] : listed;
}

export function Controls() {
  const scenario = useApp((s) => s.scenario);
  const imported = useApp((s) => s.imported);
  const importErrors = useApp((s) => s.importErrors);
  const status = useApp((s) => s.status);
  const running = status === 'running';
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = {
    strategy: useId(),
    workers: useId(),
    contention: useId(),
    preset: useId(),
    presetHint: useId(),
    file: useId(),
  };
  /** The preset the inputs are on (its description shows under the list), if any. */
  const preset = presetInUse(scenario, imported?.preset ?? null);
  const [shareLabel, setShareLabel] = useState('Share');
  /** The file being validated in a worker, shown while it is; later imports supersede earlier ones. */
  const [checking, setChecking] = useState<string | null>(null);
  const importAttempt = useRef(0);
  const workersMax = maxWorkers();

  const share = async (): Promise<void> => {
    const { scenario: current, imported: file } = useApp.getState();
    const url = scenarioUrl(current, window.location.href, linkedBlocks(file));
    // A file too large for the link is left out: say so where the click lands, not only in the hint.
    const withoutFile = leftOutOfLink(file);
    try {
      await navigator.clipboard.writeText(url);
      setShareLabel(withoutFile ? 'Link copied, without the file' : 'Link copied');
    } catch {
      window.prompt(withoutFile ? 'Copy this link (the block file is too large to go with it)' : 'Copy this link', url);
    }
    setTimeout(() => setShareLabel('Share'), 2000);
  };

  const onImport = async (e: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const f = e.target.files?.[0];
    e.target.value = '';
    if (!f) return;
    const attempt = ++importAttempt.current;
    setChecking(f.name);
    try {
      const text = await f.text();
      const check = await checkBlockFile(text);
      if (attempt !== importAttempt.current) return; // a later import superseded this one
      if (check.ok)
        setScenario(useApp.getState().scenario, {
          name: f.name,
          text,
          txs: check.txs,
          blocks: check.blocks,
          blockSizes: check.blockSizes,
          link: check.link,
        });
      else useApp.setState({ importErrors: listedProblems(check.issues, check.total) });
    } catch (err) {
      if (attempt === importAttempt.current) useApp.setState({ importErrors: [`file: ${(err as Error).message}`] });
    } finally {
      if (attempt === importAttempt.current) setChecking(null);
    }
  };

  const onExport = async (): Promise<void> => {
    try {
      downloadJson(imported ? imported.name : `dexsim-seed${scenario.seed}.json`, await exportCurrent());
    } catch (err) {
      addNotice('error', `Export failed: ${(err as Error).message}`);
    }
  };

  const applyPreset = (id: string): void => {
    const p = findPreset(id);
    if (p) setScenario(scenarioForPreset(p, scenario, imported?.preset ?? null), presetFile(p));
  };

  return (
    <section className="controls" aria-label="Scenario">
      <div className="run-buttons">
        <button type="button" className="primary" onClick={requestRun} disabled={running}>
          Run
        </button>
        <button type="button" onClick={() => void stopRun()} disabled={!running}>
          Stop
        </button>
        <button type="button" onClick={() => void share()}>
          {shareLabel}
        </button>
      </div>

      <div className="field">
        <label htmlFor={ids.preset}>Preset</label>
        <select
          id={ids.preset}
          value={preset?.id ?? ''}
          onChange={(e) => applyPreset(e.target.value)}
          aria-describedby={preset ? ids.presetHint : undefined}
        >
          {/* On a preset the list shows it; changing any of its inputs leaves it. */}
          {!preset && <option value="">Choose a preset…</option>}
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id} title={p.description}>
              {p.label}
            </option>
          ))}
        </select>
        {preset && (
          <p className="hint" id={ids.presetHint} data-testid="preset-hint">
            {preset.description}
          </p>
        )}
      </div>

      <div className="field">
        <label htmlFor={ids.strategy}>Strategy</label>
        <select
          id={ids.strategy}
          value={scenario.strategy}
          onChange={(e) => setInput('strategy', e.target.value as (typeof STRATEGIES)[number])}
        >
          {STRATEGIES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>

      <div className="field">
        <label htmlFor={ids.workers}>
          Workers <output htmlFor={ids.workers}>{scenario.workers}</output>
        </label>
        <input
          id={ids.workers}
          type="range"
          min={1}
          max={workersMax}
          value={scenario.workers}
          onChange={(e) => setInput('workers', Number(e.target.value))}
        />
        <span className="hint">
          {navigator.hardwareConcurrency || '?'} cores here
          {scenario.workers > (navigator.hardwareConcurrency || 2) ? ' — oversubscribed' : ''}
        </span>
      </div>

      <NumberField
        label="VM cost"
        value={scenario.vmCost}
        min={LIMITS.vmCost[0]}
        max={LIMITS.vmCost[1]}
        step={100}
        onChange={(v) => setInput('vmCost', v)}
        hint="hash rounds per transaction"
      />

      {/* Only a generated workload has these: a block file brings its own blocks and transactions. */}
      <fieldset className="workload" disabled={!!imported}>
        <legend>Generated workload</legend>
        {imported && (
          <p className="hint" data-testid="workload-off">
            Not used while a block file runs: it brings its own blocks.
          </p>
        )}
        <div className="field">
          <label htmlFor={ids.contention}>
            Contention <output htmlFor={ids.contention}>{scenario.contention.toFixed(2)}</output>
          </label>
          <input
            id={ids.contention}
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={scenario.contention}
            onChange={(e) => setInput('contention', Number(e.target.value))}
          />
        </div>

        {SIZE_FIELDS.map(([key, label]) => (
          <NumberField
            key={key}
            label={label}
            value={scenario[key]}
            min={LIMITS[key][0]}
            max={LIMITS[key][1]}
            onChange={(v) => setInput(key, v)}
          />
        ))}

        <fieldset className="mix">
          <legend>Transaction mix (weights)</legend>
          {MIX_GROUPS.map((g: MixGroup) => (
            <NumberField
              key={g}
              label={g}
              value={scenario.mix[g]}
              min={0}
              max={1000}
              onChange={(v) => setInput('mix', { ...scenario.mix, [g]: v })}
              check={(v) =>
                v === 0 && MIX_GROUPS.every((o) => o === g || scenario.mix[o] === 0)
                  ? 'one kind needs a weight above 0'
                  : null
              }
            />
          ))}
        </fieldset>
      </fieldset>

      <div className="field">
        <label htmlFor={ids.file}>Block file</label>
        <input
          id={ids.file}
          ref={fileInput}
          type="file"
          accept="application/json,.json"
          onChange={(e) => void onImport(e)}
        />
        <div className="row">
          <button type="button" onClick={() => void onExport()} disabled={running}>
            Export block file
          </button>
          {imported && (
            <button type="button" onClick={() => setScenario(scenario)}>
              Use generated workload
            </button>
          )}
        </div>
        {imported && (
          <p className="hint" data-testid="imported">
            Running <strong>{imported.name}</strong>: {countOf(imported.blocks, 'block')},{' '}
            {countOf(imported.txs, 'transaction')}. {linkHint(imported)}
          </p>
        )}
        {checking && (
          <p className="hint" role="status" data-testid="import-checking">
            Checking {checking}…
          </p>
        )}
        {importErrors.length > 0 && (
          <div role="alert" className="import-errors" data-testid="import-errors">
            <strong>That block file is invalid; nothing was loaded.</strong>
            <ul>
              {importErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
}

/**
 * The selected transaction: parameters, reads with the version each saw, writes, receipt, and
 * its history in the trace (each execution, wait and validation).
 */
import { useId, useMemo, useState } from 'react';
import { receiptOf } from '../../engine/index.ts';
import { selectTx } from '../store/actions.ts';
import { keyName, txJson } from '../store/runData.ts';
import { selectShownBlock, useApp } from '../store/store.ts';
import { DETAIL_LET_GO, detailLetGo } from '../store/detailBudget.ts';
import { describeHistory, txHistory } from '../store/txHistory.ts';
import { readersOfWrites } from '../store/readBy.ts';
import { PAUSED_MEANING } from '../charts/pauses.ts';
import { TRACE_COLORS } from '../charts/traceColors.ts';

/** A hot transaction at high contention can have hundreds of events; the timeline has them all. */
const HISTORY_SHOWN = 200;
/** Readers named per written key: an oracle price at a block's head can be read by hundreds. */
const READERS_SHOWN = 8;

export function Inspector() {
  const block = useApp(selectShownBlock);
  const tx = useApp((s) => s.selectedTx);
  const detail = useApp((s) => (block === null ? undefined : s.details[block]));
  const letGo = useApp((s) => detailLetGo(s, block));
  const receipts = useApp((s) => (block === null ? undefined : s.receipts[block]));
  const trace = useApp((s) => s.trace);
  const stats = useApp((s) => (block === null ? undefined : s.blocks[block]));
  const history = useMemo(
    () => (trace && block !== null && tx !== null ? txHistory(trace, block, tx, stats) : null),
    [trace, block, tx, stats],
  );
  const said = useMemo(() => (history ? describeHistory(history) : []), [history]);
  const count = detail?.incarnations.length ?? 0;
  const readBy = useMemo(
    () => (detail && tx !== null && tx < count ? readersOfWrites(detail, tx) : null),
    [detail, tx, count],
  );
  const inputId = useId();
  const [text, setText] = useState('');

  const picker = (
    <form
      className="row"
      onSubmit={(e) => {
        e.preventDefault();
        const v = Number(text);
        if (Number.isInteger(v) && v >= 0 && v < count) selectTx(v);
      }}
    >
      <label htmlFor={inputId}>Transaction #</label>
      <input
        id={inputId}
        type="number"
        min={0}
        max={Math.max(0, count - 1)}
        value={text}
        onChange={(e) => setText(e.target.value)}
        disabled={count === 0}
      />
      <button type="submit" disabled={count === 0}>
        Inspect
      </button>
    </form>
  );

  if (tx === null || block === null || !detail || tx >= count) {
    return (
      <section className="panel inspector" aria-labelledby="in-title">
        <h2 id="in-title">Transaction inspector</h2>
        {picker}
        <p className="legend">
          {letGo
            ? DETAIL_LET_GO
            : 'Click a transaction in the graph, the timeline or the state view, or type its number.'}
        </p>
      </section>
    );
  }
  const json = txJson(block, tx);
  const receipt = receiptOf(receipts?.[tx] ?? 0);
  const reads = [];
  for (let r = detail.readStart[tx]!; r < detail.readStart[tx + 1]!; r++)
    reads.push({ key: detail.readKeys[r]!, version: detail.readVersions[r]!, inc: detail.readIncarnations[r]! });
  const writes = [];
  for (let w = detail.writeStart[tx]!; w < detail.writeStart[tx + 1]!; w++)
    writes.push({ key: detail.writeKeys[w]!, value: detail.writeValues[w]! });
  return (
    <section className="panel inspector" aria-labelledby="in-title" data-testid="inspector">
      <h2 id="in-title">
        Transaction {tx} of block {block}: {String(json?.type ?? '')}
      </h2>
      {picker}
      <dl className="facts">
        <div>
          <dt>Receipt</dt>
          <dd data-testid="inspector-receipt">{receipt.status === 'ok' ? 'ok' : `reverted: ${receipt.reason}`}</dd>
        </div>
        <div>
          <dt>Incarnations</dt>
          <dd data-testid="inspector-incarnations">{detail.incarnations[tx]}</dd>
        </div>
        <div>
          <dt>Validations</dt>
          <dd>{detail.validations[tx]}</dd>
        </div>
      </dl>
      <pre className="params">{JSON.stringify(json, null, 1)}</pre>
      <h3>Read-set ({reads.length})</h3>
      <ul className="kv">
        {reads.map((r) => (
          <li key={r.key}>
            {keyName(r.key)} ←{' '}
            {r.version < 0 ? (
              'storage'
            ) : (
              <button type="button" className="link" onClick={() => selectTx(r.version)}>
                tx {r.version} (incarnation {r.inc})
              </button>
            )}
          </li>
        ))}
      </ul>
      <h3>Write-set ({writes.length})</h3>
      <ul className="kv">
        {writes.map((w) => {
          const readers = readBy?.get(w.key) ?? [];
          return (
            <li key={w.key}>
              {keyName(w.key)} = {w.value.toString()}
              {readers.length > 0 && (
                <span data-testid="read-by">
                  {' → read by '}
                  {readers.slice(0, READERS_SHOWN).map((r, i) => (
                    <span key={r}>
                      {i > 0 && ', '}
                      <button type="button" className="link" onClick={() => selectTx(r)}>
                        tx {r}
                      </button>
                    </span>
                  ))}
                  {readers.length > READERS_SHOWN && ` and ${readers.length - READERS_SHOWN} more`}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {trace && history && (
        <>
          <h3>History ({history.length})</h3>
          {block < (trace.releasedBefore ?? 0) ? (
            <p className="legend">This block&apos;s trace was let go: the page keeps a run&apos;s latest events.</p>
          ) : history.length === 0 ? (
            <p className="legend">No events: a block that ran sequentially records none.</p>
          ) : (
            <ol className="kv history" data-testid="tx-history">
              {history.slice(0, HISTORY_SHOWN).map((e, k) => (
                <li key={k}>
                  <span className="swatch" style={{ background: TRACE_COLORS[e.kind] }} /> {e.start.toFixed(3)} ms ·
                  worker {e.worker} · {said[k]}
                </li>
              ))}
            </ol>
          )}
          {history.some((e) => e.paused) && (
            <p className="legend" data-testid="tx-history-paused">
              Paused: {PAUSED_MEANING}.
            </p>
          )}
          {history.length > HISTORY_SHOWN && (
            <p className="legend">
              The first {HISTORY_SHOWN} of {history.length} events; the timeline shows them all.
            </p>
          )}
        </>
      )}
      <button type="button" onClick={() => selectTx(null)}>
        Close
      </button>
    </section>
  );
}

/**
 * The multi-version state of the shown block: its hottest keys, and for each the transactions
 * that wrote a version of it. A writer that needed more than one incarnation had its versions
 * turned into ESTIMATE markers when it aborted; those cells are marked E.
 */
import { TableWrap } from './TableWrap.tsx';
import { useDeferredValue, useMemo } from 'react';
import { hotKeys } from '../charts/math.ts';
import { selectTx } from '../store/actions.ts';
import { keyName } from '../store/runData.ts';
import { selectShownBlock, useApp } from '../store/store.ts';
import { DETAIL_LET_GO, detailLetGo } from '../store/detailBudget.ts';

const KEYS = 10;
const WRITERS = 14;

export function MultiVersion() {
  // Deferred: when the shown block moves, this view re-renders as interruptible background work.
  const block = useDeferredValue(useApp(selectShownBlock));
  const detail = useApp((s) => (block === null ? undefined : s.details[block]));
  const letGo = useApp((s) => detailLetGo(s, block));
  const selectedTx = useApp((s) => s.selectedTx);
  const rows = useMemo(() => (detail ? hotKeys(detail, KEYS) : []), [detail]);
  return (
    <section className="panel" aria-labelledby="mv-title">
      <h2 id="mv-title">Multi-version state{block !== null ? ` — block ${block}` : ''}</h2>
      {rows.length === 0 ? (
        <p className="legend">
          {letGo ? DETAIL_LET_GO : 'Run a scenario to see which keys are written by many transactions.'}
        </p>
      ) : (
        <TableWrap label="Hottest keys">
          <table className="mv" data-testid="mv-table">
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Writers</th>
                <th scope="col">Readers</th>
                <th scope="col">
                  Versions (tx{'\u00a0'}· incar{'\u00ad'}nations)
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{keyName(r.key)}</th>
                  <td>{r.writers.length}</td>
                  <td>{r.readers}</td>
                  <td className="versions">
                    {r.writers.slice(0, WRITERS).map((w) => (
                      <button
                        type="button"
                        key={w.tx}
                        className={`version${w.incarnations > 1 ? ' estimate' : ''}${selectedTx === w.tx ? ' selected' : ''}`}
                        title={
                          w.incarnations > 1
                            ? `tx ${w.tx}: ${w.incarnations} incarnations; its writes were ESTIMATE markers after an abort`
                            : `tx ${w.tx}`
                        }
                        onClick={() => selectTx(w.tx)}
                      >
                        {w.tx}
                        {w.incarnations > 1 && <sup>E×{w.incarnations - 1}</sup>}
                      </button>
                    ))}
                    {r.writers.length > WRITERS && <span className="more">+{r.writers.length - WRITERS}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

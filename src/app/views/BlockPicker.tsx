/** Which block the graph, timeline, state and inspector show: the latest, or a pinned one. */
import { useId } from 'react';
import { pinBlock } from '../store/actions.ts';
import { useApp } from '../store/store.ts';

export function BlockPicker() {
  const id = useId();
  const count = useApp((s) => s.blocks.length);
  const pinned = useApp((s) => s.pinnedBlock);
  return (
    <div className="field inline">
      <label htmlFor={id}>Show block</label>
      <select
        id={id}
        value={pinned === null ? 'latest' : String(pinned)}
        onChange={(e) => pinBlock(e.target.value === 'latest' ? null : Number(e.target.value))}
      >
        <option value="latest">latest</option>
        {Array.from({ length: count }, (_x, b) => (
          <option key={b} value={b}>
            {b}
          </option>
        ))}
      </select>
    </div>
  );
}

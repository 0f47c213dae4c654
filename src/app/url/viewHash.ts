/**
 * What the page shows, in the link's fragment: `#show=3&tx=42` is block 3 in the views and
 * transaction 42 of it in the inspector, and `layout=order` draws the conflict graph in block
 * order. The query string stays the scenario alone (what the CLI runs); the fragment is the view
 * of its result, so a teacher can send a class to one transaction. Reading is strict like the
 * query's: a bad part becomes a notice naming it and is ignored.
 */

import { GRAPH_LAYOUTS, type GraphLayout } from '../charts/orderLayout.ts';

/** A block to show (null: follow the latest) and a transaction of it to inspect (null: none). */
export interface LinkedView {
  block: number | null;
  tx: number | null;
}

const KNOWN = ['show', 'tx', 'layout'] as const;

/**
 * The view a fragment names (null when it names no block or transaction), the graph layout it
 * names ('force' when none), and a message per part it ignored. The layout applies at once; the
 * view waits for a finished run.
 */
export function parseViewHash(hash: string): { view: LinkedView | null; layout: GraphLayout; issues: string[] } {
  const view: LinkedView = { block: null, tx: null };
  let layout: GraphLayout = 'force';
  const issues: string[] = [];
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text === '') return { view: null, layout, issues };
  for (const [name, value] of new URLSearchParams(text)) {
    if (!(KNOWN as readonly string[]).includes(name)) {
      issues.push(`Link fragment "${name}": unknown (known: ${KNOWN.join(', ')}). It is ignored.`);
      continue;
    }
    if (name === 'layout') {
      if ((GRAPH_LAYOUTS as readonly string[]).includes(value)) layout = value as GraphLayout;
      else issues.push(`Link fragment "layout": must be ${GRAPH_LAYOUTS.join(' or ')}, got "${value}". It is ignored.`);
      continue;
    }
    if (!/^\d{1,9}$/.test(value)) {
      const what = name === 'show' ? 'a block number' : 'a transaction number';
      issues.push(`Link fragment "${name}": must be ${what} (0, 1, 2, …), got "${value}". It is ignored.`);
      continue;
    }
    if (name === 'show') view.block = Number(value);
    else view.tx = Number(value);
  }
  return { view: view.block === null && view.tx === null ? null : view, layout, issues };
}

/**
 * The fragment for a view: '' when it shows the latest block, inspects nothing and draws the
 * graph by its links.
 */
export function formatViewHash(view: LinkedView, layout: GraphLayout = 'force'): string {
  const parts: string[] = [];
  if (view.block !== null) parts.push(`show=${view.block}`);
  if (view.tx !== null) parts.push(`tx=${view.tx}`);
  if (layout !== 'force') parts.push(`layout=${layout}`);
  return parts.length ? `#${parts.join('&')}` : '';
}

/**
 * The part of a linked view that fits a run of `blocks` blocks (`txsIn` gives a block's
 * transaction count), and what to tell the visitor about the rest: a block the run does not have
 * drops the whole view; a transaction its block does not have drops the transaction only.
 */
export function fitView(
  view: LinkedView,
  blocks: number,
  txsIn: (block: number) => number,
): { view: LinkedView; message: string | null } {
  if (view.block !== null && view.block >= blocks) {
    const has = blocks === 1 ? '1 block (0)' : `${blocks} blocks (0–${blocks - 1})`;
    return { view: { block: null, tx: null }, message: `The link shows block ${view.block}, but this run has ${has}.` };
  }
  const block = view.block ?? blocks - 1;
  const txs = txsIn(block);
  if (view.tx !== null && view.tx >= txs)
    return {
      view: { block: view.block, tx: null },
      message: `The link inspects transaction ${view.tx} of block ${block}, which has ${txs} (0–${txs - 1}).`,
    };
  return { view, message: null };
}

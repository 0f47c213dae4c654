/** One colour per trace event kind, shared by the timeline's bars and the inspector's history. */
import { TRACE_KINDS, type TraceKind } from '../../engine/index.ts';

export const TRACE_COLORS: Record<TraceKind, string> = {
  execute: '#4e79a7',
  suspend: '#edc948',
  'validate-ok': '#59a14f',
  'validate-abort': '#e15759',
  block: '#9c9c9c',
};

/** The colours by kind index, as the trace's columns store kinds. */
export const TRACE_KIND_COLORS = TRACE_KINDS.map((k) => TRACE_COLORS[k]);

/** A late start's band on the timeline (see lateStarts.ts): grey stripes on the lane's empty start. */
export const LATE_START_FILL = '#ececec';
export const LATE_START_STRIPE = '#b4b4b4';

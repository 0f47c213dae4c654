/**
 * The colour that marks the inspector's transaction in every chart: the graph's selection ring
 * and the timeline's outline around its events, so the eye can follow it from one to the other.
 */
export const SELECTED_TX_COLOR = '#111111';

/** Oracle price update (Chainlink-style 8-decimal USD price). Every lending health check reads it. */
import { keys } from '../state/world.ts';
import { revert, type StateView, type TxContext } from './view.ts';

export const PRICE_DECIMALS = 8;

export function updatePrice(view: StateView, ctx: TxContext, token: number, price: bigint): void {
  if (price <= 0n) revert('INVALID_PRICE');
  view.write(keys.price(ctx.layout, token), price);
}

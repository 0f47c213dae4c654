/** ERC-20 transfer: reverts when the amount exceeds the sender's balance (OpenZeppelin ERC20). */
import { keys } from '../state/world.ts';
import { checked, revert, type StateView, type TxContext } from './view.ts';

export function debit(view: StateView, ctx: TxContext, account: number, token: number, amount: bigint): void {
  const key = keys.balance(ctx.layout, account, token);
  const balance = view.read(key);
  if (amount > balance) revert('INSUFFICIENT_BALANCE');
  view.write(key, balance - amount);
}

export function credit(view: StateView, ctx: TxContext, account: number, token: number, amount: bigint): void {
  const key = keys.balance(ctx.layout, account, token);
  view.write(key, checked(view.read(key) + amount));
}

export function transfer(
  view: StateView,
  ctx: TxContext,
  from: number,
  to: number,
  token: number,
  amount: bigint,
): void {
  debit(view, ctx, from, token, amount);
  credit(view, ctx, to, token, amount);
}

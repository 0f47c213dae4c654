/**
 * Protocol state after the shown block: pools with prices, markets with utilisation and rates,
 * farms. Each block's detail carries a snapshot of them (taken outside the block's clock), so
 * stepping Show block steps the state, and a run's last block is its final state.
 */
import { TableWrap } from './TableWrap.tsx';
import { useDeferredValue } from 'react';
import { SECONDS_PER_YEAR, utilization, WAD, type StateSummary } from '../../engine/index.ts';
import { selectShownBlock, useApp } from '../store/store.ts';
import { detailLetGo, PROTOCOLS_LET_GO } from '../store/detailBudget.ts';
import { groupDigits, percentText } from '../charts/math.ts';

const SECONDS_PER_YEAR_TEXT = groupDigits(SECONDS_PER_YEAR);
/** A 1e18 mantissa as a percentage. */
const percent = (mantissa: bigint): string => percentText(Number(mantissa) / Number(WAD));
const big = (s: string): string => {
  const v = BigInt(s);
  return v >= 10n ** 12n
    ? `${(Number(v) / 1e12).toFixed(2)}T`
    : v >= 10n ** 9n
      ? `${(Number(v) / 1e9).toFixed(2)}G`
      : v >= 10n ** 6n
        ? `${(Number(v) / 1e6).toFixed(2)}M`
        : v.toString();
};

export function ProtocolState() {
  // Deferred, and split into one component per table: React renders them as interruptible
  // background work rather than one task when the shown block moves (it measured ~25 ms in one
  // piece).
  const block = useDeferredValue(useApp(selectShownBlock));
  const summary = useApp((s) => (block === null ? undefined : s.details[block]?.protocols));
  const letGo = useApp((s) => detailLetGo(s, block));
  const title = `Protocol state${block !== null ? ` — after block ${block}` : ''}`;
  if (block === null || !summary) {
    return (
      <section className="panel" aria-labelledby="ps-title">
        <h2 id="ps-title">{title}</h2>
        <p className="legend">
          {letGo
            ? PROTOCOLS_LET_GO
            : 'Pools, lending markets and staking farms appear here as a run goes, as they stand after the block on show.'}
        </p>
      </section>
    );
  }
  const pools = Object.entries(summary.pools);
  const markets = Object.entries(summary.markets);
  const farms = Object.entries(summary.farms);
  return (
    <section className="panel protocol-state" aria-labelledby="ps-title" data-testid="protocol-state">
      <h2 id="ps-title">{title}</h2>
      {pools.length > 0 && (
        <PoolsTable pools={pools.slice(0, SHOWN.pools)} caption={shownOf('AMM pools', pools, SHOWN.pools)} />
      )}
      {markets.length > 0 && (
        <MarketsTable
          markets={markets.slice(0, SHOWN.markets)}
          caption={shownOf('Lending markets', markets, SHOWN.markets)}
        />
      )}
      {farms.length > 0 && (
        <FarmsTable farms={farms.slice(0, SHOWN.farms)} caption={shownOf('Staking farms', farms, SHOWN.farms)} />
      )}
      {markets.length > 0 && (
        <p className="legend">
          APRs: the jump-rate model's per-second rates at the utilisation after block {block}, × {SECONDS_PER_YEAR_TEXT}{' '}
          s.
        </p>
      )}
      {pools.length + markets.length + farms.length === 0 && (
        <p className="legend">This world has no pools, lending markets or staking farms: its state is balances only.</p>
      )}
    </section>
  );
}

/** Rows each table shows: the generated world's hot pool, market and farm are the first ones. */
const SHOWN = { pools: 12, markets: 8, farms: 8 };

/** A table's caption, saying so when it shows only the first rows. */
const shownOf = (title: string, all: readonly unknown[], shown: number): string =>
  all.length > shown ? `${title} (the first ${shown} of ${all.length})` : title;

type Entries<K extends 'pools' | 'markets' | 'farms'> = [string, StateSummary[K][string]][];

function PoolsTable({ pools, caption }: { pools: Entries<'pools'>; caption: string }) {
  return (
    <TableWrap label="AMM pools">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Pool</th>
            <th scope="col">Reserve 0</th>
            <th scope="col">Reserve 1</th>
            <th scope="col">Price (1 per 0)</th>
          </tr>
        </thead>
        <tbody>
          {pools.map(([name, p]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>
                {big(p.reserve0)} {p.token0}
              </td>
              <td>
                {big(p.reserve1)} {p.token1}
              </td>
              <td>
                {BigInt(p.reserve0) > 0n
                  ? (Number((BigInt(p.reserve1) * 1_000_000n) / BigInt(p.reserve0)) / 1e6).toPrecision(5)
                  : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function MarketsTable({ markets, caption }: { markets: Entries<'markets'>; caption: string }) {
  return (
    <TableWrap label="Lending markets">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Reserve</th>
            <th scope="col">Cash</th>
            <th scope="col">Borrows</th>
            {/* A soft hyphen: the one long word may break, so the table fits its panel at 1280 px. */}
            <th scope="col">Utili&shy;sation</th>
            <th scope="col">Borrow APR</th>
            <th scope="col">Supply APR</th>
            <th scope="col">Borrow index</th>
          </tr>
        </thead>
        <tbody>
          {markets.flatMap(([m, reserves]) =>
            Object.entries(reserves).map(([token, r]) => {
              const u = utilization(BigInt(r.cash), BigInt(r.totalBorrows), BigInt(r.totalReserves));
              return (
                <tr key={`${m}/${token}`}>
                  <th scope="row">
                    {/* May break after the slash: a longer market name (the lending preset's
                    "main") widened the table past its half-page panel at 1,260 px. */}
                    {m}/<wbr />
                    {token}
                  </th>
                  <td>{big(r.cash)}</td>
                  <td>{big(r.totalBorrows)}</td>
                  <td>{percent(u)}</td>
                  <td data-testid="borrow-apr">{percent(BigInt(r.borrowRatePerYear))}</td>
                  <td>{percent(BigInt(r.supplyRatePerYear))}</td>
                  <td>{(Number(BigInt(r.borrowIndex)) / 1e18).toFixed(9)}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </TableWrap>
  );
}

function FarmsTable({ farms, caption }: { farms: Entries<'farms'>; caption: string }) {
  return (
    <TableWrap label="Staking farms">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Farm</th>
            <th scope="col">Staked</th>
            <th scope="col">Reward per token</th>
            <th scope="col">Rewards left</th>
          </tr>
        </thead>
        <tbody>
          {farms.map(([name, f]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{big(f.totalSupply)}</td>
              <td>{(Number(BigInt(f.rewardPerTokenStored)) / 1e18).toPrecision(6)}</td>
              <td>{big(f.rewardBalance)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** The page below its header (which index.html draws): controls on the left, the run on the right. */
import { useRef } from 'react';
import { useApp } from './store/store.ts';
import { Controls } from './views/Controls.tsx';
import { RunStatus } from './views/RunStatus.tsx';
import { Throughput } from './views/Throughput.tsx';
import { ConflictGraph } from './views/ConflictGraph.tsx';
import { Timeline } from './views/Timeline.tsx';
import { MultiVersion } from './views/MultiVersion.tsx';
import { ProtocolState } from './views/ProtocolState.tsx';
import { Inspector } from './views/Inspector.tsx';
import { IsolationBanner, Notices } from './views/Notices.tsx';
import { BlockPicker } from './views/BlockPicker.tsx';
import { BlockFacts } from './views/BlockFacts.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { useHeldPanelHeights } from './views/heldPanelHeights.ts';

export function App() {
  const status = useApp((s) => s.status);
  const runId = useApp((s) => s.runId);
  const engineMode = useApp((s) => s.engineMode);
  const views = useRef<HTMLDivElement>(null);
  useHeldPanelHeights(views);
  return (
    <div className="app" data-run-state={status} data-run-id={runId} data-engine={engineMode} data-testid="app">
      <IsolationBanner />
      <Notices />
      <main>
        <aside>
          <Controls />
        </aside>
        <div className="views" ref={views}>
          <RunStatus />
          <div className="block-bar">
            <BlockPicker />
            <BlockFacts />
          </div>
          <div className="grid">
            <ErrorBoundary>
              <Throughput />
            </ErrorBoundary>
            <ErrorBoundary>
              <ConflictGraph />
            </ErrorBoundary>
            <ErrorBoundary>
              <Timeline />
            </ErrorBoundary>
            <ErrorBoundary>
              <Inspector />
            </ErrorBoundary>
            <ErrorBoundary>
              <MultiVersion />
            </ErrorBoundary>
            <ErrorBoundary>
              <ProtocolState />
            </ErrorBoundary>
          </div>
        </div>
      </main>
    </div>
  );
}

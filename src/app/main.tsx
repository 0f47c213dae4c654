/** Entry: read the scenario from the URL (bad values become notices), then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { readScenarioFromUrl, urlIssueNotice, writeScenarioToUrl } from './url/scenarioUrl.ts';
import { addNotice, useApp, type ImportedFile } from './store/store.ts';
import { linkedBlocks, linkedFile, presetFile } from './store/actions.ts';
import { BlockLinkError, findPreset } from '../engine/index.ts';
import { canUseWorkers } from './store/enginePools.ts';
import { warmUpEngines } from './store/warmUp.ts';
import { followViewHash } from './url/followViewHash.ts';
import './styles.css';

const { scenario, issues, preset, block } = readScenarioFromUrl(window.location.search);

/** The blocks the link names besides the scenario: a file packed in it, or a block-file preset. */
function blocksFromLink(): ImportedFile | null {
  if (block !== null) {
    try {
      return linkedFile(block);
    } catch (e) {
      // Whatever the link holds, the page opens: a problem becomes a notice like any bad parameter.
      const message = e instanceof BlockLinkError ? `it ${e.message}` : `it could not be read (${String(e)})`;
      issues.push({ param: 'block', message, fallback: 'ignored' });
      return null;
    }
  }
  const named = preset === null ? undefined : findPreset(preset);
  return named ? presetFile(named) : null;
}

const imported = blocksFromLink();
useApp.setState({ scenario, imported, engineMode: canUseWorkers() ? 'workers' : 'in-process' });
for (const issue of issues) addNotice('warning', urlIssueNotice(issue));
writeScenarioToUrl(scenario, linkedBlocks(imported), 0);
followViewHash();

window.addEventListener('unhandledrejection', (e) => {
  e.preventDefault();
  addNotice('error', `Unexpected error: ${(e.reason as Error)?.message ?? String(e.reason)}`);
});

// After the first paint, while the visitor reads the page: see warmUpEngines.
setTimeout(warmUpEngines, 200);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);

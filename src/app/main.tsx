/** Entry: read the scenario from the URL (bad values become notices), then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { readScenarioFromUrl, urlIssueNotice, writeScenarioToUrl } from './url/scenarioUrl.ts';
import { addNotice, useApp } from './store/store.ts';
import { presetFile } from './store/actions.ts';
import { findPreset } from '../engine/index.ts';
import { canUseWorkers, warmUpEngines } from './store/runner.ts';
import './styles.css';

const { scenario, issues, preset } = readScenarioFromUrl(window.location.search);
const named = preset === null ? undefined : findPreset(preset);
useApp.setState({
  scenario,
  imported: named ? presetFile(named) : null,
  engineMode: canUseWorkers() ? 'workers' : 'in-process',
});
for (const issue of issues) addNotice('warning', urlIssueNotice(issue));
writeScenarioToUrl(scenario, preset, 0);

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

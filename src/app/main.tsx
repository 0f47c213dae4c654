/** Entry: read the scenario from the URL (bad values become notices), then render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { readScenarioFromUrl, urlIssueNotice, writeScenarioToUrl } from './url/scenarioUrl.ts';
import { addNotice, useApp } from './store/store.ts';
import { canUseWorkers, warmUpEngines } from './store/runner.ts';
import './styles.css';

const { scenario, issues } = readScenarioFromUrl(window.location.search);
useApp.setState({ scenario, engineMode: canUseWorkers() ? 'workers' : 'in-process' });
for (const issue of issues) addNotice('warning', urlIssueNotice(issue));
writeScenarioToUrl(scenario, 0);

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

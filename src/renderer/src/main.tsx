import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, teamsHighContrastTheme, webLightTheme } from '@fluentui/react-components';
import { App } from './app';
import { useForcedColors } from './components/use-forced-colors';
import { useWizardStore } from './store/wizard-store';

function ThemedApp() {
  const forcedColors = useForcedColors();
  return (
    <FluentProvider theme={forcedColors ? teamsHighContrastTheme : webLightTheme} style={{ height: '100%' }}>
      <App />
    </FluentProvider>
  );
}

// Start asks the host for the procedures now, while React renders the shell, rather than after
// its first paint: the procedure list then shows one round trip sooner.
void useWizardStore.getState().loadStart();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
document.documentElement.style.height = '100%';
document.body.style.height = '100%';
document.body.style.margin = '0';
container.style.height = '100%';

createRoot(container).render(
  <StrictMode>
    <ThemedApp />
  </StrictMode>,
);

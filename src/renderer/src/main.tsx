import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { FluentProvider, teamsHighContrastTheme, webLightTheme } from '@fluentui/react-components';
import { App } from './app';
import { useForcedColors } from './components/use-forced-colors';

function ThemedApp() {
  const forcedColors = useForcedColors();
  return (
    <FluentProvider theme={forcedColors ? teamsHighContrastTheme : webLightTheme} style={{ height: '100%' }}>
      <App />
    </FluentProvider>
  );
}

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

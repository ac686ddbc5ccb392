// Renderer entry: connects to the host, builds the stores and mounts the app inside the design system.
import '@mantine/core/styles.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectHost } from './api';
import { App } from './app/app';
import { theme } from './app/theme';
import { createStores, StoresProvider } from './stores';

const stores = createStores(connectHost());

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <StoresProvider stores={stores}>
        <App />
      </StoresProvider>
    </MantineProvider>
  </StrictMode>,
);

// First: starts the first page's requests before the rest of the app is evaluated (see app/boot.ts).
import './app/boot.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { applyTheme, storedTheme } from './app/theme.ts';
import './app/styles.css';

// Before the first render, so a dark-theme user never sees a light flash (no inline script: CSP).
applyTheme(storedTheme());

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

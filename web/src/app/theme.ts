import { useCallback, useEffect, useState } from 'react';

type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'console.theme';

export function storedTheme(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

const systemDark = () => window.matchMedia('(prefers-color-scheme: dark)');

/**
 * Always sets `data-theme` to `light` or `dark` (`system` resolved from the OS preference), so the
 * stylesheet holds each palette once.
 */
export function applyTheme(choice: ThemeChoice): void {
  const resolved = choice === 'system' ? (systemDark().matches ? 'dark' : 'light') : choice;
  document.documentElement.setAttribute('data-theme', resolved);
}

export function useTheme(): [ThemeChoice, () => void] {
  const [theme, setTheme] = useState<ThemeChoice>(storedTheme);
  useEffect(() => {
    if (theme !== 'system') return;
    // Follow the OS when it switches while the page is open.
    const media = systemDark();
    const follow = () => applyTheme('system');
    media.addEventListener('change', follow);
    return () => media.removeEventListener('change', follow);
  }, [theme]);
  useEffect(() => {
    applyTheme(theme);
    try {
      if (theme === 'system') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, theme);
    } catch {
      // Storage unavailable: the choice lasts for this page only.
    }
  }, [theme]);
  const cycle = useCallback(
    () => setTheme((t) => (t === 'system' ? 'light' : t === 'light' ? 'dark' : 'system')),
    [],
  );
  return [theme, cycle];
}

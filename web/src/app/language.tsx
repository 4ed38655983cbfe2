import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useEffect } from 'react';
import { errorMessage } from '../api/client.ts';
import { useToast } from '../components/toast.tsx';
import { saveLocale } from '../features/auth/auth.api.ts';
import { useLocale, useT } from '../i18n/I18nProvider.tsx';
import { browserLocale, isLocale, type Locale, rememberDeviceLocale } from '../i18n/locales.ts';
import { useAuth } from './auth-context.tsx';

/**
 * The signed-in person's language: their choice kept on the server, else their browser's. Signed out, the
 * console keeps the last language of this device (for the login page).
 */
export function UserLocaleSync() {
  const { user } = useAuth();
  const { setLocale } = useLocale();
  const chosen = user?.locale;
  const signedIn = Boolean(user);
  useEffect(() => {
    if (!signedIn) return;
    const locale = chosen ?? browserLocale();
    rememberDeviceLocale(chosen ?? null);
    setLocale(locale);
  }, [signedIn, chosen, setLocale]);
  return null;
}

const BROWSER = 'browser';

/** The language choice in the account menu: English, Kiswahili, or the browser's language. */
export function LanguageMenuItems() {
  const t = useT();
  const toast = useToast();
  const { user, setUser } = useAuth();
  if (!user) return null;
  const choose = (value: string) => {
    const next: Locale | null = isLocale(value) ? value : null;
    if (next === user.locale) return;
    const before = user;
    setUser({ ...user, locale: next });
    saveLocale(next).catch((e) => {
      setUser(before);
      toast({ tone: 'error', title: t('app.language.not_saved'), description: errorMessage(e) });
    });
  };
  return (
    <>
      <DropdownMenu.Label className="menu-label">{t('app.language.label')}</DropdownMenu.Label>
      <DropdownMenu.RadioGroup value={user.locale ?? BROWSER} onValueChange={choose}>
        <DropdownMenu.RadioItem className="menu-item" value="en" lang="en" data-testid="language-en">
          <DropdownMenu.ItemIndicator className="menu-check">✓</DropdownMenu.ItemIndicator>
          English
        </DropdownMenu.RadioItem>
        <DropdownMenu.RadioItem className="menu-item" value="sw" lang="sw" data-testid="language-sw">
          <DropdownMenu.ItemIndicator className="menu-check">✓</DropdownMenu.ItemIndicator>
          Kiswahili
        </DropdownMenu.RadioItem>
        <DropdownMenu.RadioItem className="menu-item" value={BROWSER} data-testid="language-browser">
          <DropdownMenu.ItemIndicator className="menu-check">✓</DropdownMenu.ItemIndicator>
          {t('app.language.browser')}
        </DropdownMenu.RadioItem>
      </DropdownMenu.RadioGroup>
    </>
  );
}

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import * as Tooltip from '@radix-ui/react-tooltip';
import { Suspense, useMemo } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { Spinner } from '../components/ui.tsx';
import type { MessageKey } from '../i18n/catalog.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { roleList } from '../i18n/roles.ts';
import { useAuth, useSandbox, useUser } from './auth-context.tsx';
import { FourEyesNotices } from './FourEyesNotices.tsx';
import type { FeatureRoute } from './feature-routes.ts';
import { LanguageMenuItems } from './language.tsx';
import { useTheme } from './theme.ts';

const THEME_LABEL = {
  system: 'app.theme.system',
  light: 'app.theme.light',
  dark: 'app.theme.dark',
} as const satisfies Record<string, MessageKey>;
const THEME_ICON = { system: '◐', light: '☀', dark: '☾' } as const;

/** Navigation labels by page path (the features' `nav.label` is the English fallback for a new page). */
const NAV_LABEL: Record<string, MessageKey> = {
  queue: 'app.nav.queue',
  dashboard: 'dashboard.nav',
  'sharing/partners': 'app.nav.partners',
  'sharing/import': 'app.nav.import',
  'sharing/batch': 'app.nav.batch',
  'sharing/shares': 'app.nav.shares',
  'sharing/reliance': 'app.nav.reliance',
  audit: 'app.nav.audit',
  'admin/users': 'app.nav.users',
  'admin/sync': 'app.nav.sync',
};

export function Shell({ navRoutes }: { navRoutes: FeatureRoute[] }) {
  const user = useUser();
  const { can, signOut } = useAuth();
  const sandbox = useSandbox();
  const [theme, cycleTheme] = useTheme();
  const navigate = useNavigate();
  const t = useT();

  const nav = useMemo(
    () =>
      navRoutes
        .filter((r) => r.nav)
        .filter((r) => {
          const [method, path] = r.nav!.requires.split(' ') as [string, string];
          return can(method, path);
        })
        .sort((a, b) => a.nav!.order - b.nav!.order),
    [navRoutes, can],
  );

  return (
    <Tooltip.Provider delayDuration={300}>
      <a href="#main" className="skip-link">
        {t('app.skip_to_content')}
      </a>
      <header className="topbar">
        <NavLink to="/queue" className="brand">
          {t('app.brand')}
        </NavLink>
        {sandbox && (
          <Tooltip.Root>
            <Tooltip.Trigger asChild>
              <span className="sandbox-badge" data-testid="sandbox-badge">
                {t('app.sandbox.badge')}
              </span>
            </Tooltip.Trigger>
            <Tooltip.Portal>
              <Tooltip.Content className="tooltip" sideOffset={6}>
                {t('app.sandbox.explain')}
              </Tooltip.Content>
            </Tooltip.Portal>
          </Tooltip.Root>
        )}
        <nav aria-label={t('app.nav.label')} className="main-nav">
          <ul>
            {nav.map((r) => (
              <li key={r.path}>
                <NavLink to={`/${r.path}`} className="nav-link">
                  {NAV_LABEL[r.path] ? t(NAV_LABEL[r.path]!) : r.nav!.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <Tooltip.Root>
            <Tooltip.Trigger asChild>
              <button
                type="button"
                className="icon-button"
                onClick={cycleTheme}
                aria-label={t('app.theme.toggle', { theme: t(THEME_LABEL[theme]) })}
                data-testid="theme-toggle"
              >
                <span aria-hidden="true">{THEME_ICON[theme]}</span>
              </button>
            </Tooltip.Trigger>
            <Tooltip.Portal>
              <Tooltip.Content className="tooltip" sideOffset={6}>
                {t(THEME_LABEL[theme])}
              </Tooltip.Content>
            </Tooltip.Portal>
          </Tooltip.Root>
          <DropdownMenu.Root>
            {/* Named by its visible text (WCAG 2.5.3, label in name); the menu it opens is said after it. */}
            <DropdownMenu.Trigger className="user-button" data-testid="account-button">
              <span className="user-name" dir="auto">
                {user.name}
              </span>
              <span className="user-roles">{roleList(user.roles)}</span>
              <span className="visually-hidden"> {t('app.account.menu')}</span>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
                <DropdownMenu.Label className="menu-label">{user.email}</DropdownMenu.Label>
                <DropdownMenu.Separator className="menu-sep" />
                <LanguageMenuItems />
                <DropdownMenu.Separator className="menu-sep" />
                <DropdownMenu.Item
                  className="menu-item"
                  onSelect={() => {
                    void signOut().then(() => navigate('/login'));
                  }}
                >
                  {t('app.account.sign_out')}
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu.Portal>
          </DropdownMenu.Root>
        </div>
      </header>
      <main id="main" className="content" tabIndex={-1}>
        <FourEyesNotices />
        <Suspense fallback={<Spinner />}>
          <Outlet />
        </Suspense>
      </main>
    </Tooltip.Provider>
  );
}

import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import * as Tooltip from '@radix-ui/react-tooltip';
import { Suspense, useMemo } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router-dom';
import { Spinner } from '../components/ui.tsx';
import { useAuth, useSandbox, useUser } from './auth-context.tsx';
import { FourEyesNotices } from './FourEyesNotices.tsx';
import type { FeatureRoute } from './feature-routes.ts';
import { useTheme } from './theme.ts';

const THEME_LABEL = { system: 'System theme', light: 'Light theme', dark: 'Dark theme' } as const;
const THEME_ICON = { system: '◐', light: '☀', dark: '☾' } as const;

export function Shell({ navRoutes }: { navRoutes: FeatureRoute[] }) {
  const user = useUser();
  const { can, signOut } = useAuth();
  const sandbox = useSandbox();
  const [theme, cycleTheme] = useTheme();
  const navigate = useNavigate();

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
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/queue" className="brand">
          Review console
        </NavLink>
        {sandbox && (
          <Tooltip.Root>
            <Tooltip.Trigger asChild>
              <span className="sandbox-badge" data-testid="sandbox-badge">
                Sandbox
              </span>
            </Tooltip.Trigger>
            <Tooltip.Portal>
              <Tooltip.Content className="tooltip" sideOffset={6}>
                No Didit API key: a local Didit sandbox serves demo data. Nothing leaves this machine.
              </Tooltip.Content>
            </Tooltip.Portal>
          </Tooltip.Root>
        )}
        <nav aria-label="Main" className="main-nav">
          <ul>
            {nav.map((r) => (
              <li key={r.path}>
                <NavLink to={`/${r.path}`} className="nav-link">
                  {r.nav!.label}
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
                aria-label={`${THEME_LABEL[theme]} (click to change)`}
                data-testid="theme-toggle"
              >
                <span aria-hidden="true">{THEME_ICON[theme]}</span>
              </button>
            </Tooltip.Trigger>
            <Tooltip.Portal>
              <Tooltip.Content className="tooltip" sideOffset={6}>
                {THEME_LABEL[theme]}
              </Tooltip.Content>
            </Tooltip.Portal>
          </Tooltip.Root>
          <DropdownMenu.Root>
            {/* Named by its visible text (WCAG 2.5.3, label in name); the menu it opens is said after it. */}
            <DropdownMenu.Trigger className="user-button" data-testid="account-button">
              <span className="user-name">{user.name}</span>
              <span className="user-roles">{user.roles.join(', ')}</span>
              <span className="visually-hidden"> (account menu)</span>
            </DropdownMenu.Trigger>
            <DropdownMenu.Portal>
              <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
                <DropdownMenu.Label className="menu-label">{user.email}</DropdownMenu.Label>
                <DropdownMenu.Separator className="menu-sep" />
                <DropdownMenu.Item
                  className="menu-item"
                  onSelect={() => {
                    void signOut().then(() => navigate('/login'));
                  }}
                >
                  Sign out
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

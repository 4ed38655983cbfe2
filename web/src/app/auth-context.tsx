import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, onAuthError } from '../api/client.ts';
import {
  type AuthConfig,
  logout as apiLogout,
  type CurrentUser,
  fetchAuthConfig,
  fetchMe,
  fetchMeta,
  type Meta,
} from '../features/auth/auth.api.ts';
import { can } from './permissions.ts';

interface AuthState {
  /** undefined while the first /me is in flight; null when signed out. */
  user: CurrentUser | null | undefined;
  config: AuthConfig | null;
  meta: Meta | null;
  setUser: (user: CurrentUser | null) => void;
  signOut: () => Promise<void>;
  can: (method: string, path: string) => boolean;
}

const AuthContext = createContext<AuthState | null>(null);

/** Who is signed in: null when nobody is; undefined when a second factor is owed (left to the 403 listener). */
function loadUser(): Promise<CurrentUser | null | undefined> {
  return fetchMe().catch((e) =>
    e instanceof ApiError && e.code === 'TOTP_ENROLLMENT_REQUIRED' ? undefined : null,
  );
}

/** The first `/api/auth/me`, started at boot (app/boot.ts) and, once answered, known to the first render. */
let firstUser: Promise<CurrentUser | null | undefined> | null = null;
let firstUserSettled: { user: CurrentUser | null | undefined } | null = null;

export function startUserCheck(): void {
  firstUser = loadUser();
  void firstUser.then((user) => {
    firstUserSettled = { user };
  });
}

export function AuthProvider({ children }: { children: ReactNode }) {
  // When `/api/auth/me` answered before the catalog (the usual case), the shell renders at once instead of
  // a spinner first.
  const [user, setUser] = useState<CurrentUser | null | undefined>(() => firstUserSettled?.user);
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [meta, setMeta] = useState<Meta | null>(null);

  useEffect(() => {
    fetchAuthConfig()
      .then(setConfig)
      .catch(() => setConfig({ sandbox: false, sso: false, demoAccounts: [], firstAdminHint: null }));
    // The boot's check is used once; a remount (development's strict mode) asks again.
    const check = firstUser ?? loadUser();
    firstUser = null;
    firstUserSettled = null;
    void check.then((u) => {
      if (u !== undefined) setUser(u);
    });
  }, []);

  useEffect(
    () =>
      onAuthError((e) => {
        if (e.code === 'UNAUTHENTICATED') setUser(null);
        if (e.code === 'TOTP_ENROLLMENT_REQUIRED') setUser((u) => (u ? { ...u, mustEnrollTotp: true } : u));
      }),
    [],
  );

  useEffect(() => {
    if (!user || user.mustEnrollTotp) return;
    fetchMeta()
      .then(setMeta)
      .catch(() => setMeta(null));
  }, [user]);

  const signOut = useCallback(async () => {
    try {
      await apiLogout();
    } finally {
      setUser(null);
      setMeta(null);
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({
      user,
      config,
      meta,
      setUser,
      signOut,
      can: (method, path) => can(user?.roles, method, path),
    }),
    [user, config, meta, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth outside AuthProvider');
  return ctx;
}

/** The signed-in user, for pages that only render inside the authenticated shell. */
export function useUser(): CurrentUser {
  const { user } = useAuth();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}

export function useSandbox(): boolean {
  const { config, meta } = useAuth();
  return Boolean(meta?.sandbox ?? config?.sandbox);
}

import { lazy, type ReactNode, Suspense } from 'react';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router-dom';
import { ToastProvider } from '../components/toast.tsx';
import { Spinner } from '../components/ui.tsx';
import { I18nProvider } from '../i18n/I18nProvider.tsx';
import { featureRoutes } from './all-routes.ts';
import { AuthProvider, useAuth } from './auth-context.tsx';
import { UserLocaleSync } from './language.tsx';
import { RoutePage } from './lazy-page.tsx';
import { NotFound } from './NotFound.tsx';
import { RouteError } from './RouteError.tsx';
import { Shell } from './Shell.tsx';

const LoginPage = lazy(() => import('../features/auth/LoginPage.tsx'));
const EnrollPage = lazy(() => import('../features/auth/EnrollTotpPage.tsx'));

function FullPage({ children }: { children: ReactNode }) {
  return <div className="full-page">{children}</div>;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const location = useLocation();
  if (user === undefined)
    return (
      <FullPage>
        <Spinner />
      </FullPage>
    );
  if (user === null) {
    const next = location.pathname + location.search;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (user.mustEnrollTotp) return <Navigate to="/enroll-totp" replace />;
  return <>{children}</>;
}

function Lazy({ children }: { children: ReactNode }) {
  return (
    <Suspense
      fallback={
        <FullPage>
          <Spinner />
        </FullPage>
      }
    >
      {children}
    </Suspense>
  );
}

const router = createBrowserRouter([
  {
    path: '/login',
    errorElement: <RouteError />,
    element: (
      <Lazy>
        <LoginPage />
      </Lazy>
    ),
  },
  {
    path: '/enroll-totp',
    errorElement: <RouteError />,
    element: (
      <Lazy>
        <EnrollPage />
      </Lazy>
    ),
  },
  {
    path: '/',
    errorElement: <RouteError />,
    element: (
      <RequireAuth>
        <Shell navRoutes={featureRoutes} />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <Navigate to="/queue" replace /> },
      ...featureRoutes.map((r) => ({
        path: r.path,
        element: <RoutePage key={r.path} Page={r.Page} />,
        errorElement: <RouteError />,
      })),
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return (
    <I18nProvider>
      <AuthProvider>
        <UserLocaleSync />
        <ToastProvider>
          <RouterProvider router={router} />
        </ToastProvider>
      </AuthProvider>
    </I18nProvider>
  );
}

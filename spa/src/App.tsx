import { Alert } from './components/Alert';
import { Button } from './components/Button';
import { Layout } from './components/Layout';
import { AuthPage } from './pages/AuthPage';
import { DashboardPage } from './pages/DashboardPage';
import { JoinPage } from './pages/JoinPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RoomPage } from './pages/RoomPage';
import { useLocation } from './router/RouterContext';
import { authModeFromHash, matchRoute } from './router/routes';
import { useSession } from './session/SessionContext';

/** Picks the page for the address and the session. */
export function App() {
  const { pathname, hash } = useLocation();
  const session = useSession();
  const route = matchRoute(pathname);

  if (route.name === 'notFound') return <NotFoundPage />;
  if (route.name === 'join') return <JoinPage key={route.code} code={route.code} />;

  if (session.state.status === 'loading') {
    return (
      <Layout>
        <p className="text-neutral-400" aria-live="polite">
          Loading…
        </p>
      </Layout>
    );
  }
  if (session.state.status === 'failed') {
    return (
      <Layout>
        <div className="space-y-3">
          <Alert message={session.state.message} />
          <Button variant="secondary" onClick={session.reload}>
            Try again
          </Button>
        </div>
      </Layout>
    );
  }

  const mode = authModeFromHash(hash);
  if (route.name === 'room') {
    if (!session.user) return <AuthPage mode={mode} notice="Log in to open this room." />;
    return <RoomPage key={route.id} id={route.id} />;
  }
  if (!session.user) return <AuthPage mode={mode} />;
  return <DashboardPage />;
}

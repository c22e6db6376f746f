import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Layout, linkClass } from '../components/Layout';
import { useAction } from '../hooks/useAction';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useUploads } from '../hooks/useUploads';
import { UploadList } from '../components/UploadList';
import { Link, useLocation } from '../router/RouterContext';
import type { AuthMode } from '../router/routes';
import { useSession } from '../session/SessionContext';

/** Log in or sign up; on success the session holds the user and the app shows what was asked for. */
export function AuthPage({ mode, notice }: { mode: AuthMode; notice?: string }) {
  const api = useApi();
  const session = useSession();
  const { pathname } = useLocation();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const signingUp = mode === 'signup';
  const title = signingUp ? 'Sign up' : 'Log in';
  useDocumentTitle(title);
  const uploads = useUploads();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void action.run(async () => {
      const { user } = signingUp
        ? await api.signup({ email: email.trim(), password, displayName: displayName.trim() })
        : await api.login({ email: email.trim(), password });
      session.setUser(user);
    });
  };

  return (
    <Layout>
      <div className="mx-auto max-w-sm">
        <h1 className="text-2xl font-semibold tracking-tight">
          {signingUp ? 'Create your Podster account' : 'Log in to Podster'}
        </h1>
        {notice && <p className="mt-2 text-sm text-neutral-400">{notice}</p>}
        <form
          key={mode}
          onSubmit={submit}
          aria-busy={action.pending}
          aria-label={title}
          className="mt-6 space-y-4"
        >
          <Alert message={action.error} />
          <Field
            label="Email"
            type="email"
            name="email"
            autoComplete="email"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <Field
            label="Password"
            type="password"
            name="password"
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            required
            minLength={signingUp ? 8 : undefined}
            hint={signingUp ? 'At least 8 characters.' : undefined}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          {signingUp && (
            <Field
              label="Display name"
              name="displayName"
              autoComplete="nickname"
              required
              hint="How others see you in a call."
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          )}
          <Button type="submit" disabled={action.pending} className="w-full">
            {title}
          </Button>
        </form>
        <p className="mt-6 text-sm text-neutral-400">
          {signingUp ? 'Already have an account? ' : 'New to Podster? '}
          <Link to={`${pathname}${signingUp ? '#login' : '#signup'}`} className={linkClass}>
            {signingUp ? 'Log in instead' : 'Create an account'}
          </Link>
        </p>
        {/* A recording this browser holds keeps uploading (by its upload token) while signed out: say so. */}
        <div className="mt-6">
          <UploadList uploads={uploads} />
        </div>
      </div>
    </Layout>
  );
}

import { Layout, linkClass } from '../components/Layout';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { Link } from '../router/RouterContext';

export function NotFoundPage() {
  useDocumentTitle('Not found');
  return (
    <Layout>
      <h1 className="text-2xl font-semibold tracking-tight">Nothing here</h1>
      <p className="mt-2 text-neutral-400">This address is not part of Podster.</p>
      <p className="mt-6 text-sm">
        <Link to="/" className={linkClass}>
          Go to the start page
        </Link>
      </p>
    </Layout>
  );
}

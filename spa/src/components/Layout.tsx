import type { ReactNode } from 'react';
import { Link } from '../router/RouterContext';

/** The frame every page sits in. */
export function Layout({ actions, children, wide = false }: { actions?: ReactNode; children: ReactNode; wide?: boolean }) {
  return (
    <div className="min-h-full bg-neutral-950 text-neutral-100">
      <header className="border-b border-neutral-800">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-4 px-4 py-3">
          <Link to="/" className="text-lg font-semibold tracking-tight text-neutral-100 hover:text-sky-300">
            Podster
          </Link>
          {actions}
        </div>
      </header>
      <main className={`mx-auto ${wide ? 'max-w-6xl' : 'max-w-3xl'} px-4 py-10`}>{children}</main>
    </div>
  );
}

export const linkClass = 'text-sky-300 underline-offset-4 hover:underline focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-sky-300 rounded-sm';

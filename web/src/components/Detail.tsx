import type { ReactNode } from 'react';

/**
 * One entry of a definition list (`<dl className="fields">`): its term and its value, grouped in the `div`
 * the list's styles lay out. `className`, `title` and `dir` go to the value.
 */
export function Detail({
  term,
  className,
  title,
  dir,
  children,
}: {
  term: ReactNode;
  className?: string | undefined;
  title?: string | undefined;
  dir?: 'auto';
  children: ReactNode;
}) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className} title={title} dir={dir}>
        {children}
      </dd>
    </div>
  );
}

import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { hrefFor, navigate } from '../../lib/url-search';

interface Props extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  /** The query string to go to, without its "?". */
  to: string;
}

/**
 * A real link (it can be copied or opened in a new tab) that, on a plain click, moves inside
 * the page with pushState instead of reloading it.
 */
export function NavLink({ to, onClick, ...rest }: Props) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    const modified = event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
    if (event.defaultPrevented || event.button !== 0 || modified) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={hrefFor(to)} onClick={follow} {...rest} />;
}

import { useEffect, useState } from 'react';

const QUERY = '(forced-colors: active)';

/** Follows Windows contrast themes while the wizard is open, not just at start-up. */
export function useForcedColors(): boolean {
  const [active, setActive] = useState(() => window.matchMedia(QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(QUERY);
    const update = () => setActive(media.matches);
    media.addEventListener('change', update);
    return () => media.removeEventListener('change', update);
  }, []);
  return active;
}

import { lazy, useState, type ComponentType, type LazyExoticComponent } from 'react';

/**
 * A named export as a component whose code loads when it first renders: what the Start page does
 * not show at once (the later pages, dialogs, the drill panel) stays out of the first script.
 */
export function lazyComponent<P extends object, K extends string>(
  load: () => Promise<Record<K, ComponentType<P>>>,
  name: K,
): LazyExoticComponent<ComponentType<P>> {
  return lazy(async () => ({ default: (await load())[name] }));
}

/**
 * Whether a lazily loaded overlay should be rendered: from the first time it opens on, so its code
 * loads only when wanted and, once loaded, it stays mounted to close with its own animation and
 * give the focus back.
 */
export function useOpenedOnce(open: boolean): boolean {
  const [opened, setOpened] = useState(open);
  if (open && !opened) setOpened(true);
  return opened || open;
}

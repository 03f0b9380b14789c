import { act, type ReactNode } from 'react';
import { createRoot, type Root } from 'react-dom/client';

// @testing-library/react needs @testing-library/dom, which the workspace lacks; this is the
// little of it the tests use, on react-dom/client and React's own act().
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted = new Set<{ root: Root; container: HTMLElement }>();

export { act };

export function render(ui: ReactNode) {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const root = createRoot(container);
  const entry = { root, container };
  mounted.add(entry);
  act(() => root.render(ui));
  return {
    container,
    rerender: (next: ReactNode) => act(() => root.render(next)),
    unmount: () => {
      act(() => root.unmount());
      container.remove();
      mounted.delete(entry);
    },
  };
}

/** The text of the element with `data-testid={id}`. */
export function textOf(id: string): string | null {
  const el = document.querySelector(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element with data-testid ${id}`);
  return el.textContent;
}

export function cleanup() {
  for (const { root, container } of [...mounted]) {
    act(() => root.unmount());
    container.remove();
  }
  mounted.clear();
}

// The hooks are tested through @testing-library/react, as users render them.
export { act, cleanup, render } from '@testing-library/react';

/** The text of the element with `data-testid={id}`. */
export function textOf(id: string): string | null {
  const el = document.querySelector(`[data-testid="${id}"]`);
  if (!el) throw new Error(`no element with data-testid ${id}`);
  return el.textContent;
}

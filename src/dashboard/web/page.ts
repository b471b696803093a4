/** What every page provides to the shell: its element, the topics it needs, and an update hook. */

export interface Page {
  readonly element: HTMLElement;
  readonly topics: readonly string[];
  onUpdate(topic: string, data: unknown): void;
  dispose?(): void;
}

/** Shows a failure in the footer (as text). */
export function showMessage(text: string): void {
  const el = document.getElementById('message');
  if (el) el.textContent = text;
}

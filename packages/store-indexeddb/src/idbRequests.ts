/** The result of one IndexedDB request, as a promise. */
export function requested<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Resolves once the transaction committed, rejects with the reason it aborted. A failed
 * request aborts its transaction, so its error arrives here as the transaction's error;
 * `oncomplete` with `durability: 'strict'` fires only after the data reached the disk.
 */
export function committed(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('the transaction was aborted', 'AbortError'));
    // Each failing request fires `error` on the transaction too; the abort that follows decides.
    tx.onerror = (event) => event.preventDefault();
  });
}

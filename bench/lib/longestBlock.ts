/**
 * The longest time no `setImmediate` callback got through while `operation` ran: how long
 * the JS thread was held in one piece, as a frame or a touch on that thread would feel it.
 */
export async function longestBlock<T>(operation: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let longest = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    if (now - last > longest) longest = now - last;
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const value = await operation();
    // The block that ends the operation counts too.
    const now = performance.now();
    if (now - last > longest) longest = now - last;
    return { ms: longest, value };
  } finally {
    running = false;
  }
}

/**
 * The React Native platform's `yieldToHost`: a `setTimeout(0)`. In React Native,
 * `setImmediate` callbacks run before the JS thread returns to native (they are flushed
 * with the batch that scheduled them), so yielding through them would let no frame, touch
 * or native event in. A timer goes back through the native timing module: everything
 * waiting on the JS thread gets its turn first.
 *
 * @example
 * const platform = createReactNativePlatform({ appState: AppState, netInfo: NetInfo, yieldToHost: yieldToNative });
 */
export function yieldToNative(): Promise<void> {
  return new Promise((resolve) => {
    setTimeout(resolve, 0);
  });
}

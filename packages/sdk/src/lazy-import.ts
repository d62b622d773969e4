/**
 * Load a heavy library on first use instead of at module load, so a proxy that bundles
 * many connectors starts fast and pays only for the protocols it actually calls.
 */

/**
 * A cached getter: the first call runs `load`, later calls get what it returned. With a
 * dynamic `import()` the callers share one promise; with a synchronous `require` (a small
 * CommonJS library needed by synchronous code) they share the module itself.
 *
 * @example
 * const loadMqtt = lazy(() => import("mqtt"));
 * const { connect } = await loadMqtt();
 */
export function lazy<T extends object>(load: () => T): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

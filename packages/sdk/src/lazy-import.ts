/**
 * Load a heavy library on first use instead of at module load, so a proxy that bundles
 * many connectors starts fast and pays only for the protocols it actually calls.
 */

/**
 * A cached async getter around a dynamic `import()`: the first call starts the import,
 * later calls share the same promise.
 *
 * @example
 * const loadMqtt = lazy(() => import("mqtt"));
 * const { connect } = await loadMqtt();
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load();
    return loading;
  };
}

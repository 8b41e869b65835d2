// A module loader that runs once: the first call starts `load`, later calls share its promise, and a failed
// load is forgotten so that the next call can retry (a download that failed on a flaky network).
// Each browser loader passes its own literal import() so that bundlers still see it and make the chunk.
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    if (!cached) {
      cached = load();
      cached.catch(() => {
        cached = undefined;
      });
    }
    return cached;
  };
}

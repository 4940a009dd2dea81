/** Loads data on mount and on `reload()`, keeping the last good value while reloading. */
import { useCallback, useEffect, useRef, useState } from 'react';

export type AsyncState<T> = { loading: boolean; error?: Error | undefined; value?: T | undefined; reload: () => void };

export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): AsyncState<T> {
  const [state, setState] = useState<{ loading: boolean; error?: Error; value?: T }>({ loading: true });
  const [tick, setTick] = useState(0);
  const live = useRef(true);
  useEffect(() => () => void (live.current = false), []);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (value) => current && live.current && setState({ loading: false, value }),
      (error: unknown) =>
        current && live.current && setState((s) => ({ loading: false, value: s.value, error: error instanceof Error ? error : new Error(String(error)) })),
    );
    return () => void (current = false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

/**
 * A minimal AMD loader for one plugin bundle: `define([deps], factory)` is answered from
 * the modules the host shares, as Grafana's SystemJS does for the externals plugins
 * declare. Loading the real `dist/module.js` this way tests the artifact Grafana loads.
 */
type Factory = (...deps: unknown[]) => unknown;

export function loadAmdModule(src: string, shared: Record<string, unknown>): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const w = window as unknown as { define?: ((deps: string[], factory: Factory) => void) & { amd?: object } };
    const define = (deps: string[], factory: Factory) => {
      const exports: Record<string, unknown> = {};
      const missing = deps.filter((d) => d !== 'exports' && !(d in shared));
      if (missing.length > 0) return reject(new Error(`plugin needs modules the host does not share: ${missing.join(', ')}`));
      const result = factory(...deps.map((d) => (d === 'exports' ? exports : shared[d])));
      resolve((result as Record<string, unknown> | undefined) ?? exports);
    };
    define.amd = {};
    w.define = define;
    const script = document.createElement('script');
    script.src = src;
    script.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(script);
  });
}

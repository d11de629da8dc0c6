/** A `*.wasm` import is a compiled module on Workers (wrangler's CompiledWasm rule). */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

/** The Workers runtime's env, as the workers tests import it (vitest-pool-workers provides it). */
declare module 'cloudflare:workers' {
  export const env: Record<string, unknown>;
}

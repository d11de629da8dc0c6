/** A `*.wasm` import is a compiled module on Workers (wrangler's CompiledWasm rule). */
declare module '*.wasm' {
  const module: WebAssembly.Module;
  export default module;
}

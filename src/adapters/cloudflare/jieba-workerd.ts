// jieba-wasm's web build, instantiated synchronously from the wasm file imported as a module
// (wrangler and vitest-pool-workers compile `*.wasm` imports to a WebAssembly.Module).
import { add_word, cut, initSync } from 'jieba-wasm/web';
import wasm from '../../../node_modules/jieba-wasm/pkg/web/jieba_rs_wasm_bg.wasm';
import type { JiebaWasm } from './segmenter.ts';

initSync({ module: wasm });

export const jieba: JiebaWasm = { cut, add_word };

/** opencc-js ships no types for its per-locale dictionary modules; `to/cn` is its t→cn dictionary group list. */
declare module 'opencc-js/to/cn' {
  import type { DictGroup } from 'opencc-js/core';

  const groups: readonly DictGroup[];
  export default groups;
}

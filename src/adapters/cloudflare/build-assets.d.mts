export declare const ASSETS_DIR: string;
/** Copies src/web (tests left out) and ECharts into `out` (default out/cf-assets). */
export declare function buildAssets(out?: string): { out: string; files: string[] };

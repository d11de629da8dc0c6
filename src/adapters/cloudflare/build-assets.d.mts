export declare const ASSETS_DIR: string;
/** Copies the page files of src/web (isPageFile) and ECharts into `out` (default out/cf-assets). */
export declare function buildAssets(out?: string): { out: string; files: string[] };

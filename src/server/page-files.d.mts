export declare const PAGE_TYPES: Record<string, string>;
export declare function isPageFile(rel: string): boolean;

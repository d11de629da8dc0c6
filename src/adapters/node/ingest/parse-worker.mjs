// Worker threads do not inherit tsx's loader from `npm run …` or vitest: register it, then load
// the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');

import { cloudflareTest } from '@cloudflare/vitest-pool-workers';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

/**
 * The workers tests (npm run test:workers): src/adapters/cloudflare/*.workers.test.ts inside
 * workerd, with the fixture that src/adapters/cloudflare/test-support/prepare-tests.ts writes to out/cf-test
 * (the D1 export of the sample corpus, whole and in two shards, and the Node build's answers)
 * passed in as bindings. D1 is real (miniflare's, local): DB from wrangler.toml, and the two
 * shards DB_0 and DB_1 with their search database DB_SEARCH declared here. Vectorize and Workers AI are remote-only, so the tests bind
 * in-memory stand-ins (src/adapters/cloudflare/fakes.ts) themselves.
 */
const FIXTURE = 'out/cf-test';
const WECOM_VECTORS = 'src/wecom/fixtures/vectors.json';
/** The sharded fixture's shards (prepare-tests.ts: `--shard-by province --shards 2`). */
const SHARDS = 2;

function fixture(): Record<string, string> {
  const sql = join(FIXTURE, 'd1', 'd1.sql');
  if (!existsSync(sql))
    throw new Error(
      `${sql} is missing: run \`npx tsx src/adapters/cloudflare/test-support/prepare-tests.ts\` (npm run test:workers does)`,
    );
  const vectors = readdirSync(join(FIXTURE, 'd1')).find((f) => f.endsWith('.ndjson'));
  const shards = Array.from({ length: SHARDS }, (_, i) => join(FIXTURE, 'shards', `shard-${i}`));
  const shardVectors = (dir: string) => {
    const file = readdirSync(dir).find((f) => f.endsWith('.ndjson'));
    return file ? readFileSync(join(dir, file), 'utf8') : '';
  };
  return {
    FIXTURE_SHARD_SQL: JSON.stringify(shards.map((d) => readFileSync(join(d, 'd1.sql'), 'utf8'))),
    FIXTURE_SHARD_VECTORS: JSON.stringify(shards.map(shardVectors)),
    FIXTURE_SEARCH_SQL: readFileSync(join(FIXTURE, 'shards', 'search', 'd1.sql'), 'utf8'),
    FIXTURE_SQL: readFileSync(sql, 'utf8'),
    FIXTURE_VECTORS: vectors ? readFileSync(join(FIXTURE, 'd1', vectors), 'utf8') : '',
    FIXTURE_VECTORS_FILE: vectors ?? '',
    FIXTURE_ANSWERS: readFileSync(join(FIXTURE, 'node-answers.json'), 'utf8'),
    FIXTURE_SEGMENTATION: readFileSync(join(FIXTURE, 'segmentation.json'), 'utf8'),
    // WeCom's published test vectors (URL verification).
    FIXTURE_WECOM: readFileSync(WECOM_VECTORS, 'utf8'),
  };
}

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      remoteBindings: false,
      miniflare: {
        bindings: fixture(),
        d1Databases: [...Array.from({ length: SHARDS }, (_, i) => `DB_${i}`), 'DB_SEARCH'],
      },
    }),
  ],
  test: {
    include: ['src/adapters/cloudflare/**/*.workers.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

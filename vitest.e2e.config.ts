import { defineConfig } from 'vitest/config';

// End-to-end journeys against the built server (npm run build first; scripts/test.js does).
export default defineConfig({
	test: {
		include: ['tests/e2e/**/*.test.ts'],
		environment: 'node',
		testTimeout: 120_000,
		hookTimeout: 180_000,
		pool: 'forks',
		fileParallelism: false
	}
});

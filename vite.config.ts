import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			strategy: ['url', 'baseLocale'],
			emitTsDeclarations: true
		}),
		sveltekit({
			adapter: adapter({ precompress: false }),
			compilerOptions: { runes: true },
			// CSP is set per response in hooks.server.ts; Kit adds nonces for its own inline scripts.
			csp: {
				mode: 'nonce',
				directives: {
					'default-src': ['self'],
					'script-src': ['self'],
					'style-src': ['self'],
					'img-src': ['self', 'data:'],
					'font-src': ['self'],
					'connect-src': ['self'],
					'form-action': ['self'],
					'frame-ancestors': ['self'],
					'base-uri': ['self'],
					'object-src': ['none']
				}
			}
		})
	],
	server: { host: '127.0.0.1' },
	test: {
		include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
		environment: 'node',
		testTimeout: 60_000,
		hookTimeout: 120_000,
		globalSetup: ['./tests/setup/global-setup.ts'],
		env: { LOG_LEVEL: 'error' },
		pool: 'forks',
		fileParallelism: true,
		maxWorkers: 2
	}
});

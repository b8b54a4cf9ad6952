import { defineConfig } from 'vite';

// The operator CLI (bin/treffpunkt.js) runs the same domain modules as the app, bundled for Node.
export default defineConfig({
	build: {
		ssr: 'src/lib/server/cli/main.ts',
		outDir: 'build/cli',
		emptyOutDir: true,
		target: 'node22',
		sourcemap: true,
		rollupOptions: { output: { entryFileNames: 'main.js' } }
	},
	ssr: { target: 'node' },
	logLevel: 'warn'
});

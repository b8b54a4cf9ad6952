/** Vite's `?raw` suffix imports a file's contents as a string (build and vitest alike). */
declare module '*.tsv?raw' {
	const content: string;
	export default content;
}

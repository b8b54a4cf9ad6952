import { defineConfig } from 'drizzle-kit';

// drizzle-kit is used only to generate migrations; the app applies them itself (see src/lib/server/db/migrate.ts).
export default defineConfig({
	dialect: 'postgresql',
	schema: './src/lib/server/db/schema.ts',
	out: './drizzle'
});

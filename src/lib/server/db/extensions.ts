import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';

/**
 * PostgreSQL extensions PGlite must load before the migrations can use them: btree_gist for the
 * rooms' exclusion constraint (room id WITH =, time range WITH &&). A PostgreSQL server has it in
 * contrib. Every `PGlite.create` passes these, or a database that has them cannot be opened fully.
 */
export const PGLITE_EXTENSIONS = { btree_gist };

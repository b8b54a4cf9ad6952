// All tables, re-exported from their modules. drizzle-kit reads this file to generate migrations.
export * from '../modules/tenants/tenants.table.js';
export * from '../modules/accounts/accounts.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/mail/mail.table.js';
export * from '../modules/jobs/jobs.table.js';

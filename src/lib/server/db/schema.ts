// All tables, re-exported from their modules. drizzle-kit reads this file to generate migrations.
export * from './reference.table.js';
export * from '../modules/tenants/tenants.table.js';
export * from '../modules/accounts/accounts.table.js';
export * from '../modules/audit/audit.table.js';
export * from '../modules/mail/mail.table.js';
export * from '../modules/jobs/jobs.table.js';
export * from '../modules/topics/topics.table.js';
export * from '../modules/groups/groups.table.js';
export * from '../modules/starters/starters.table.js';
export * from '../modules/relay/relay.table.js';
export * from '../modules/founding/founding.table.js';
export * from '../modules/protection/protection.table.js';
export * from '../modules/rooms/rooms.table.js';
export * from '../modules/equipment/equipment.table.js';
export * from '../modules/events/events.table.js';

/**
 * The database as Kysely sees it: one interface per feature, each kept beside the feature's repository.
 * Add a feature's tables here when its migration lands.
 */
// biome-ignore lint/complexity/noBannedTypes: features extend this as their tables land
export type DB = {};

/** The permission table is part of the contract the web shares (packages/contract); authorize.ts enforces it. */
export { PERMISSIONS, type Rule, ruleKey } from '@console/contract/permissions';

/** The only tenant for now. Every query filters on it so hosting several tenants later is data, not a rewrite. */
export const tenantId = 'default';

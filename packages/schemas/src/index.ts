export * from './common.ts';
export * from './errors.ts';
export * from './applications.ts';
export * from './redirect-uris.ts';
export * from './users.ts';
export * from './roles.ts';
export * from './oidc-keys.ts';
export * from './experience.ts';

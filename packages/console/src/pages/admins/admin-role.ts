// The built-in role whose holders are Console administrators (the server's domain/roles/admins.ts).
export const adminRoleId = 'admin';

// Signing key management, at the reference product's paths (/api/configs/oidc/private-keys).
import { z } from 'zod';
import { idSchema, rotateSigningKeysBodySchema, signingKeyAlgorithms, signingKeySchema } from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { Db } from '../../db/client.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import type { OidcRuntime } from '../../oidc/runtime.ts';
import { deleteSigningKey, rotateSigningKeys, type SigningKey } from '../../oidc/keys.ts';
import { ApiError } from '../../http/api-error.ts';

const toApi = (key: SigningKey) => ({
  id: key.id,
  alg: key.alg,
  status: key.retiredAt ? ('retired' as const) : ('active' as const),
  createdAt: key.createdAt.getTime(),
  expiresAt: key.expiresAt?.getTime() ?? null,
});

export function oidcKeyRoutes(routes: RouteRegistry, deps: { db: Db; box: SecretBox; oidc: OidcRuntime }): void {
  const tag = 'OIDC signing keys';
  routes.add(
    { method: 'get', path: '/configs/oidc/private-keys', tag, summary: 'Published signing keys (public metadata only)', response: z.array(signingKeySchema) },
    async () => deps.oidc.keys().map(toApi),
  );

  routes.add(
    {
      method: 'post',
      path: '/configs/oidc/private-keys/rotate',
      tag,
      summary: 'Rotate signing keys: new keys sign at once, old ones stay published for `retainSeconds`',
      body: rotateSigningKeysBodySchema,
      response: z.array(signingKeySchema),
    },
    async ({ body }) => {
      await rotateSigningKeys(deps.db, deps.box, body.algorithms ?? signingKeyAlgorithms, body.retainSeconds);
      await deps.oidc.reload();
      return deps.oidc.keys().map(toApi);
    },
  );

  routes.add(
    { method: 'delete', path: '/configs/oidc/private-keys/:id', tag, summary: 'Unpublish a retired key early', params: z.object({ id: idSchema }), status: 204 },
    async ({ params }) => {
      const key = deps.oidc.keys().find((candidate) => candidate.id === params.id);
      if (!key) throw new ApiError('oidc.key_not_found', `No published signing key "${params.id}"`);
      if (!key.retiredAt) throw new ApiError('oidc.cannot_delete_active_key', 'Rotate the key first; an active key cannot be deleted');
      await deleteSigningKey(deps.db, params.id);
      await deps.oidc.reload();
    },
  );
}

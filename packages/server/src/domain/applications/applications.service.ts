// Application rules: redirect URI policy, secret storage and rotation, the API view of an application.
import { timingSafeEqual } from 'node:crypto';
import {
  corsOriginProblem,
  redirectUriProblem,
  type Application,
  type ApplicationType,
  type CreateApplicationBody,
  type CustomClientMetadata,
  type OidcClientMetadata,
  type UpdateApplicationBody,
} from '@signet/schemas';
import { transaction, uniqueViolationOf, type Db } from '../../db/client.ts';
import type { ApplicationRow } from '../../db/schema.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { generateId, generateSecret } from '../../crypto/ids.ts';
import { ApiError, notFound } from '../../http/api-error.ts';
import * as queries from './applications.queries.ts';
import { createCache } from '../../cache/cache.ts';
import type { InvalidationBus } from '../../cache/invalidation.ts';

const secretPurpose = (id: string) => `application-secret:${id}`;

export type ApplicationsDeps = {
  db: Db;
  box: SecretBox;
  /** With a bus, applications are cached in memory (every OIDC request needs its client) and dropped on any change. */
  bus?: InvalidationBus | undefined;
};

/** The topic every change of an application (or of its secrets) publishes. */
export const applicationsTopic = 'applications';

export function maskSecret(secret: string): string {
  return `${secret.slice(0, 4)}${'*'.repeat(12)}`;
}

function assertValidUris(type: ApplicationType, oidc: OidcClientMetadata, custom: CustomClientMetadata): void {
  const lists = [
    ['redirectUris', oidc.redirectUris],
    ['postLogoutRedirectUris', oidc.postLogoutRedirectUris],
  ] as const;
  for (const [field, uris] of lists) {
    if (type === 'MachineToMachine' && uris[0] !== undefined) {
      // Name the URI, as for every other refused redirect URI, so the caller sees which entry to remove.
      const reason = `is not allowed: machine-to-machine applications have no ${field}`;
      throw new ApiError('application.invalid_redirect_uri', `Redirect URI "${uris[0]}" ${reason}`, { field, uri: uris[0], reason });
    }
    for (const uri of uris) {
      const problem = redirectUriProblem(uri, type);
      if (problem) {
        throw new ApiError('application.invalid_redirect_uri', `Redirect URI "${uri}" ${problem}`, { field, uri, reason: problem });
      }
    }
  }
  for (const origin of custom.corsAllowedOrigins ?? []) {
    const problem = corsOriginProblem(origin);
    if (problem) throw new ApiError('application.invalid_cors_origin', `CORS origin "${origin}" ${problem}`, { origin, reason: problem });
  }
}

export type ApplicationRecord = Omit<ApplicationRow, 'oidcClientMetadata' | 'customClientMetadata'> & {
  oidcClientMetadata: OidcClientMetadata;
  customClientMetadata: CustomClientMetadata;
};

export function asRecord(row: ApplicationRow): ApplicationRecord {
  return row as ApplicationRecord;
}

export function createApplicationsService({ db, box, bus }: ApplicationsDeps) {
  // Cached records are shared objects, so their decrypted secret can be remembered with them
  // instead of being decrypted again on every token request.
  const openedSecrets = new WeakMap<ApplicationRow, string>();
  const decryptSecret = (row: ApplicationRow) => {
    let secret = openedSecrets.get(row);
    if (secret === undefined) openedSecrets.set(row, (secret = box.open(row.secretCiphertext, secretPurpose(row.id))));
    return secret;
  };

  const loadRecord = async (id: string) => {
    const row = await queries.findApplication(db, id);
    return row && asRecord(row);
  };
  // Every OIDC request needs its client, several times (client-authentication.ts, then
  // oidc-provider's Client.find); reading it from memory is what keeps the token endpoint off the
  // database. A change anywhere drops the cache on every instance (see cache/).
  const records = bus && createCache<string, ApplicationRecord>({ bus, topics: [applicationsTopic] });
  /** Called after each committed change. */
  const changed = () => bus?.publish(applicationsTopic);

  function toApi(row: ApplicationRow, includeSecret: boolean): Application {
    const record = asRecord(row);
    const secret = decryptSecret(row);
    return {
      tenantId: row.tenantId,
      id: row.id,
      name: row.name,
      description: row.description,
      type: row.type,
      secret: includeSecret ? secret : maskSecret(secret),
      oidcClientMetadata: record.oidcClientMetadata,
      customClientMetadata: record.customClientMetadata,
      isThirdParty: row.isThirdParty,
      createdAt: row.createdAt.getTime(),
    };
  }

  async function mustFind(id: string): Promise<ApplicationRow> {
    const row = await queries.findApplication(db, id);
    if (!row) throw notFound('application', id);
    return row;
  }

  return {
    decryptSecret,
    /** The application as stored; the same (shared, not to be changed) object while it is cached. */
    findRecord(id: string): Promise<ApplicationRecord | undefined> {
      return records ? records.get(id, loadRecord) : loadRecord(id);
    },

    /** `id` and `secret` may be given (bootstrap); otherwise they are generated. */
    async create(body: CreateApplicationBody, fixed: { id?: string; secret?: string } = {}): Promise<Application> {
      assertValidUris(body.type, body.oidcClientMetadata, body.customClientMetadata);
      const id = fixed.id ?? generateId();
      const secret = fixed.secret ?? generateSecret();
      try {
        const row = await queries.insertApplication(db, {
          id,
          name: body.name,
          description: body.description ?? null,
          type: body.type,
          secretCiphertext: box.seal(secret, secretPurpose(id)),
          oidcClientMetadata: body.oidcClientMetadata,
          customClientMetadata: body.customClientMetadata,
          isThirdParty: body.isThirdParty,
        });
        return toApi(row, true);
      } catch (error) {
        if (uniqueViolationOf(error)) throw new ApiError('application.id_already_exists', `An application with id "${id}" already exists`, { id });
        throw error;
      }
    },

    async get(id: string, includeSecret: boolean): Promise<Application> {
      return toApi(await mustFind(id), includeSecret);
    },

    async list(page: number, pageSize: number): Promise<{ items: Application[]; total: number }> {
      const { rows, total } = await queries.listApplications(db, pageSize, (page - 1) * pageSize);
      return { items: rows.map((row) => toApi(row, false)), total };
    },

    async update(id: string, patch: UpdateApplicationBody): Promise<Application> {
      const updated = await transaction(db, async (tx) => {
        const current = await queries.findApplication(tx, id);
        if (!current) throw notFound('application', id);
        const record = asRecord(current);
        const oidcClientMetadata = { ...record.oidcClientMetadata, ...patch.oidcClientMetadata };
        const customClientMetadata = patch.customClientMetadata ?? record.customClientMetadata;
        assertValidUris(current.type, oidcClientMetadata, customClientMetadata);
        const row = await queries.updateApplication(tx, id, {
          ...(patch.name !== undefined && { name: patch.name }),
          ...(patch.description !== undefined && { description: patch.description }),
          oidcClientMetadata,
          customClientMetadata,
        });
        return toApi(row!, false);
      });
      await changed();
      return updated;
    },

    async remove(id: string): Promise<void> {
      const deleted = await transaction(db, (tx) => queries.deleteApplication(tx, id));
      if (!deleted) throw notFound('application', id);
      await changed();
    },

    /** Issues a new secret; the old one keeps working for `gracePeriodSeconds`. */
    async rotateSecret(id: string, gracePeriodSeconds: number): Promise<Application> {
      const rotated = await transaction(db, async (tx) => {
        const current = await queries.findApplication(tx, id);
        if (!current) throw notFound('application', id);
        if (current.type === 'SPA' || current.type === 'Native') {
          throw new ApiError('application.not_confidential', `${current.type} applications are public clients and use no secret`);
        }
        if (gracePeriodSeconds === 0) {
          await queries.deletePreviousSecrets(tx, id);
        } else {
          const previous = box.seal(decryptSecret(current), secretPurpose(id));
          await queries.insertPreviousSecret(tx, id, previous, new Date(Date.now() + gracePeriodSeconds * 1000));
        }
        const secret = generateSecret();
        const row = await queries.updateApplication(tx, id, { secretCiphertext: box.seal(secret, secretPurpose(id)) });
        return toApi(row!, true);
      });
      await changed();
      return rotated;
    },

    /** True when `secret` is a replaced secret of this application still inside its grace period. */
    async isPreviousSecret(id: string, secret: string): Promise<boolean> {
      const given = Buffer.from(secret);
      for (const sealed of await queries.findValidPreviousSecrets(db, id)) {
        const candidate = Buffer.from(box.open(sealed, secretPurpose(id)));
        if (candidate.length === given.length && timingSafeEqual(candidate, given)) return true;
      }
      return false;
    },
  };
}

export type ApplicationsService = ReturnType<typeof createApplicationsService>;

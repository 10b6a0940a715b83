// Connector instances: validated, encrypted configs; the one-per-type rules; masking of secrets; and
// the two things the sign-in flow asks of connectors (send a message, sign in with a provider).
import { randomInt } from 'node:crypto';
import type {
  ConnectorFactory,
  ConnectorMetadataOverrides,
  ConnectorResponse,
  CreateConnectorBody,
  OutboxMessage,
  TestConnectorBody,
  UpdateConnectorBody,
} from '@signet/schemas';
import { transaction, uniqueViolationOf, type Db } from '../../db/client.ts';
import type { ConnectorRow } from '../../db/schema.ts';
import type { SecretBox } from '../../crypto/secret-box.ts';
import { generateId } from '../../crypto/ids.ts';
import { ApiError, notFound } from '../../http/api-error.ts';
import { ConnectorError, parseConfig, type Connector, type ConnectorContext, type Message, type MessageConnector, type SocialConnector } from '../../connectors/kit.ts';
import { confidentialKeysOf, formItemsOf } from '../../connectors/form-items.ts';
import { findConnectorFactory, listConnectorFactories } from '../../connectors/registry.ts';
import { devOutboxEmail, devOutboxSms } from '../../connectors/dev-outbox/index.ts';
import * as queries from './connectors.queries.ts';

/** What a confidential config field reads back as; sent back unchanged, it keeps the stored value. */
export const maskedValue = '********';

const configPurpose = (id: string) => `connector-config:${id}`;

export type ConnectorsDeps = {
  db: Db;
  box: SecretBox;
  /** Use the dev outbox when no email/SMS connector is set up (embedded default; never in production). */
  devOutboxFallback: boolean;
  /** Outbound call timeout of every connector. */
  timeoutMs: number;
};

type Config = Record<string, unknown>;

/** Derived once per factory: the form and the secret fields never change at run time. */
const formCache = new Map<string, { formItems: ConnectorFactory['formItems']; confidentialKeys: string[]; optionalKeys: Set<string> }>();
function formOf(connector: Connector) {
  let form = formCache.get(connector.metadata.id);
  if (!form) {
    const formItems = formItemsOf(connector.configSchema);
    form = {
      formItems,
      confidentialKeys: confidentialKeysOf(connector.configSchema),
      optionalKeys: new Set(formItems.filter((item) => !item.required).map((item) => item.key)),
    };
    formCache.set(connector.metadata.id, form);
  }
  return form;
}

function toFactory(connector: Connector): ConnectorFactory {
  return { ...connector.metadata, type: connector.type, isDemo: connector.metadata.target === 'dev-outbox', formItems: formOf(connector).formItems };
}

function mustFindFactory(factoryId: string): Connector {
  const connector = findConnectorFactory(factoryId);
  if (!connector) throw new ApiError('connector.factory_not_found', `No connector factory "${factoryId}" (see GET /api/connector-factories)`, { connectorId: factoryId });
  return connector;
}

function mask(connector: Connector, config: Config): Config {
  const masked = { ...config };
  for (const key of formOf(connector).confidentialKeys) {
    if (masked[key] !== undefined && masked[key] !== '') masked[key] = maskedValue;
  }
  return masked;
}

/**
 * Prepares a proposed config: a confidential field sent back as the mask keeps its stored value
 * (so a form can be saved unchanged), and an optional field left blank in a form ("" or null) is
 * absent rather than an invalid value.
 */
function unmask(connector: Connector, proposed: Config, stored: Config | undefined): Config {
  const merged = { ...proposed };
  for (const key of formOf(connector).optionalKeys) {
    if (merged[key] === '' || merged[key] === null) delete merged[key];
  }
  const masked = formOf(connector).confidentialKeys.filter((key) => merged[key] === maskedValue);
  const moved = stored && masked.length > 0 ? changedDestination(connector, merged, stored) : undefined;
  if (moved) {
    throw new ConnectorError('invalid_config', `Invalid connector config: ${masked.join(', ')}: give the secret again, since "${moved}" changed (stored secrets only go where they went before)`, {
      issues: masked.map((key) => ({ path: key, message: `must be given again when ${moved} changes` })),
    });
  }
  for (const key of masked) {
    if (stored?.[key] === undefined) {
      throw new ConnectorError('invalid_config', `Invalid connector config: ${key}: give the value (the mask "${maskedValue}" stands for a stored value and there is none)`, {
        issues: [{ path: key, message: 'is the mask, not a value' }],
      });
    }
    merged[key] = stored[key];
  }
  return merged;
}

/**
 * Fields that decide where a connector sends its secrets (URLs, hosts, issuers). A stored secret is
 * reused for a masked field only while these are unchanged; otherwise anyone holding a Management
 * API token could redirect a stored secret to a server of their own.
 */
const destinationNames = new Set(['host', 'port', 'issuer', 'cloudInstance', 'servername', 'tenantId', 'regionId']);
const isDestination = (key: string) => /(endpoint|url|uri)$/i.test(key) || destinationNames.has(key);
function changedDestination(connector: Connector, proposed: Config, stored: Config): string | undefined {
  const defaults = new Map(formOf(connector).formItems.map((item) => [item.key, item.defaultValue]));
  const valueOf = (config: Config, key: string) => JSON.stringify(config[key] ?? defaults.get(key));
  const keys = new Set([...Object.keys(proposed), ...Object.keys(stored)].filter(isDestination));
  return [...keys].find((key) => valueOf(proposed, key) !== valueOf(stored, key));
}

function effectiveTarget(connector: Connector, overrides: ConnectorMetadataOverrides | undefined): string {
  if (overrides?.target === undefined) return connector.metadata.target;
  if (!connector.metadata.isStandard && overrides.target !== connector.metadata.target) {
    throw new ApiError('guard.invalid_input', `Invalid request: body.metadata.target: only standard connectors (OIDC, OAuth 2.0) take a target; "${connector.metadata.id}" is "${connector.metadata.target}"`, {
      issues: [{ path: 'body.metadata.target', message: 'cannot be changed for this connector' }],
    });
  }
  const owner = listConnectorFactories().find((factory) => !factory.metadata.isStandard && factory.metadata.target === overrides.target);
  if (owner) {
    // Identities are keyed by target: another provider's ids must never match this one's users.
    throw new ApiError('guard.invalid_input', `Invalid request: body.metadata.target: "${overrides.target}" belongs to the built-in "${owner.metadata.id}" connector`, {
      issues: [{ path: 'body.metadata.target', message: 'is reserved' }],
    });
  }
  return overrides.target;
}

export function createConnectorsService(deps: ConnectorsDeps) {
  const { db, box } = deps;
  /** Per call, so a dev outbox message records which connector instance kept it. */
  const contextFor = (instanceId: string): ConnectorContext => ({
    timeoutMs: deps.timeoutMs,
    outbox: async (entry) => {
      await queries.insertOutboxMessage(db, {
        id: generateId(),
        connectorId: instanceId,
        channel: entry.channel,
        recipient: entry.to,
        usageType: entry.usageType,
        subject: entry.subject,
        content: entry.content,
        payload: entry.payload,
      });
    },
  });

  const openConfig = (row: ConnectorRow): Config => JSON.parse(box.open(row.configCiphertext, configPurpose(row.id))) as Config;

  function toResponse(row: ConnectorRow): ConnectorResponse {
    const connector = mustFindFactory(row.connectorId);
    const overrides = row.metadata as ConnectorMetadataOverrides;
    const factory = toFactory(connector);
    return {
      ...factory,
      // A name the admin gave replaces the built-in one in every language; languages the admin did
      // not name fall back to the admin's English name, not to the generic "OIDC".
      ...(overrides.name && { name: { ...Object.fromEntries(Object.keys(factory.name).map((locale) => [locale, overrides.name!.en])), ...overrides.name } as ConnectorResponse['name'] }),
      ...(overrides.logo !== undefined && { logo: overrides.logo }),
      ...(overrides.logoDark !== undefined && { logoDark: overrides.logoDark }),
      target: row.target,
      tenantId: row.tenantId,
      id: row.id,
      connectorId: connector.metadata.id,
      config: mask(connector, openConfig(row)),
      metadata: overrides,
      syncProfile: row.syncProfile,
      createdAt: row.createdAt.getTime(),
      updatedAt: row.updatedAt.getTime(),
    };
  }

  async function mustFind(id: string, executor: Db = db): Promise<ConnectorRow> {
    const row = await queries.findConnector(executor, id);
    if (!row) throw notFound('connector', id);
    return row;
  }

  /** Turns the partial unique indexes' refusals into errors that say which connector is in the way. */
  async function explainConflict(error: unknown, id: string, type: Connector['type'], target: string, platform: ConnectorRow['platform']): Promise<never> {
    const constraint = uniqueViolationOf(error);
    if (constraint === 'connectors__one_per_message_type') {
      const existing = await queries.findConnectorOfType(db, type as 'Email' | 'Sms');
      throw new ApiError(
        'connector.multiple_instances_not_supported',
        `An ${type === 'Sms' ? 'SMS' : 'email'} connector is already in use${existing ? ` ("${existing.connectorId}", id "${existing.id}")` : ''}; delete it before adding another`,
        { type, existingId: existing?.id },
      );
    }
    if (constraint === 'connectors__one_social_per_target_platform') {
      const existing = await queries.findSocialConnector(db, target, platform);
      throw new ApiError(
        'connector.multiple_instances_not_supported',
        `A social connector for "${target}" on platform ${platform} already exists${existing ? ` (id "${existing.id}")` : ''}`,
        { target, platform, existingId: existing?.id },
      );
    }
    if (constraint) throw new ApiError('connector.id_already_exists', `A connector with id "${id}" already exists`, { id });
    throw error;
  }

  /** The email or SMS connector in use, with its config; the dev outbox when allowed and nothing is set up. */
  async function messageConnectorInUse(type: 'Email' | 'Sms'): Promise<{ id: string; connector: MessageConnector; config: unknown } | undefined> {
    const row = await queries.findConnectorOfType(db, type);
    if (row) {
      const connector = mustFindFactory(row.connectorId) as MessageConnector;
      return { id: row.id, connector, config: parseConfig(connector, openConfig(row)) };
    }
    if (!deps.devOutboxFallback) return undefined;
    const connector = (type === 'Email' ? devOutboxEmail : devOutboxSms) as MessageConnector;
    return { id: 'dev-outbox', connector, config: parseConfig(connector, {}) };
  }

  async function send(instanceId: string, connector: MessageConnector, config: unknown, message: Message): Promise<void> {
    await connector.sendMessage(config, message, contextFor(instanceId));
  }

  return {
    contextFor,

    factories: (): ConnectorFactory[] => listConnectorFactories().map(toFactory),

    factory(factoryId: string): ConnectorFactory {
      return toFactory(mustFindFactory(factoryId));
    },

    async list(): Promise<ConnectorResponse[]> {
      return (await queries.listConnectors(db)).map(toResponse);
    },

    async get(id: string): Promise<ConnectorResponse> {
      return toResponse(await mustFind(id));
    },

    async create(body: CreateConnectorBody): Promise<ConnectorResponse> {
      const connector = mustFindFactory(body.connectorId);
      const config = parseConfig(connector, unmask(connector, body.config, undefined)) as Config;
      const target = effectiveTarget(connector, body.metadata);
      const platform = connector.type === 'Social' ? connector.metadata.platform : null;
      const id = body.id ?? generateId(12);
      try {
        const row = await queries.insertConnector(db, {
          id,
          connectorId: connector.metadata.id,
          type: connector.type,
          target,
          platform,
          configCiphertext: box.seal(JSON.stringify(config), configPurpose(id)),
          metadata: body.metadata ?? {},
          syncProfile: body.syncProfile,
        });
        return toResponse(row);
      } catch (error) {
        return explainConflict(error, id, connector.type, target, platform);
      }
    },

    async update(id: string, body: UpdateConnectorBody): Promise<ConnectorResponse> {
      try {
        return await transaction(db, async (tx) => {
          const row = await mustFind(id, tx);
          const connector = mustFindFactory(row.connectorId);
          const patch: Parameters<typeof queries.updateConnector>[2] = {};
          if (body.config !== undefined) {
            const config = parseConfig(connector, unmask(connector, body.config, openConfig(row))) as Config;
            patch.configCiphertext = box.seal(JSON.stringify(config), configPurpose(id));
          }
          if (body.metadata !== undefined) {
            // Overrides merge: a PATCH of the logo keeps the custom name, and the target stays unless given.
            patch.metadata = { ...(row.metadata as ConnectorMetadataOverrides), ...body.metadata };
            if (body.metadata.target !== undefined && body.metadata.target !== row.target) {
              patch.target = effectiveTarget(connector, body.metadata);
              // Identities are keyed by target: moving it would orphan every linked account.
              if (await queries.hasLinkedUsers(tx, row.target)) {
                throw new ApiError('connector.target_in_use', `Users are linked to "${row.target}" accounts; the target of this connector cannot change`, { target: row.target });
              }
            }
          }
          if (body.syncProfile !== undefined) patch.syncProfile = body.syncProfile;
          return toResponse((await queries.updateConnector(tx, id, patch))!);
        });
      } catch (error) {
        if (!uniqueViolationOf(error)) throw error;
        const row = await mustFind(id);
        return explainConflict(error, id, row.type, body.metadata?.target ?? row.target, row.platform);
      }
    },

    async remove(id: string): Promise<void> {
      if (!(await queries.deleteConnector(db, id))) throw notFound('connector', id);
    },

    /** Sends a Generic message with an unsaved config, so an admin can check it before saving. */
    async test(factoryId: string, body: TestConnectorBody): Promise<void> {
      const connector = mustFindFactory(factoryId);
      if (connector.type === 'Social') throw new ConnectorError('not_implemented', 'Social connectors cannot send test messages; try signing in instead');
      const to = connector.type === 'Email' ? body.email : body.phone;
      if (to === undefined) {
        const field = connector.type === 'Email' ? 'email' : 'phone';
        throw new ApiError('guard.invalid_input', `Invalid request: body.${field}: "${connector.metadata.id}" sends ${connector.type === 'Email' ? 'email' : 'text messages'}; give "${field}"`, {
          issues: [{ path: `body.${field}`, message: 'is required for this connector' }],
        });
      }
      // Editing a saved connector, the form holds masks for its secrets: test with the stored ones.
      const saved = await queries.findConnectorOfType(db, connector.type);
      const stored = saved?.connectorId === connector.metadata.id ? openConfig(saved) : undefined;
      const config = parseConfig(connector, unmask(connector, body.config, stored));
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await send(saved?.id ?? connector.metadata.id, connector, config, { to, type: 'Generic', payload: { code, ...(body.locale && { locale: body.locale }) } });
    },

    /** Whether codes of this type can be delivered (a connector in use, or the dev outbox fallback). */
    async canSend(type: 'Email' | 'Sms'): Promise<boolean> {
      return (await messageConnectorInUse(type)) !== undefined;
    },

    /** What the sign-in experience may rely on: message delivery and the social targets set up. */
    async availability(executor: Db = db): Promise<{ email: boolean; sms: boolean; socialTargets: Set<string> }> {
      const rows = await queries.listConnectors(executor);
      const has = (type: 'Email' | 'Sms') => deps.devOutboxFallback || rows.some((row) => row.type === type);
      return { email: has('Email'), sms: has('Sms'), socialTargets: new Set(rows.filter((row) => row.type === 'Social').map((row) => row.target)) };
    },

    /** Delivers a message through the connector in use for its type. */
    async sendMessage(type: 'Email' | 'Sms', message: Message): Promise<void> {
      const inUse = await messageConnectorInUse(type);
      if (!inUse) throw new ApiError('connector.not_configured', `No ${type === 'Sms' ? 'SMS' : 'email'} connector is set up`);
      await send(inUse.id, inUse.connector, inUse.config, message);
    },

    /** A social connector instance with its validated config, for the sign-in flow. */
    async social(id: string): Promise<{ id: string; connector: SocialConnector; config: unknown; target: string }> {
      const row = await queries.findConnector(db, id);
      if (!row || row.type !== 'Social') throw new ApiError('connector.not_found', `No social connector "${id}"`, { id });
      const connector = mustFindFactory(row.connectorId) as SocialConnector;
      return { id: row.id, connector, config: parseConfig(connector, openConfig(row)), target: row.target };
    },

    async outboxMessages(filter: { to?: string; channel?: 'Email' | 'Sms' }, page: number, pageSize: number): Promise<{ items: OutboxMessage[]; total: number }> {
      const { rows, total } = await queries.listOutboxMessages(db, { recipient: filter.to, channel: filter.channel }, pageSize, (page - 1) * pageSize);
      return {
        items: rows.map((row) => ({
          id: row.id,
          connectorId: row.connectorId,
          channel: row.channel,
          to: row.recipient,
          usageType: row.usageType as OutboxMessage['usageType'],
          subject: row.subject,
          content: row.content,
          payload: row.payload as Record<string, string>,
          createdAt: row.createdAt.getTime(),
        })),
        total,
      };
    },

    clearOutbox: () => queries.clearOutbox(db),
  };
}

export type ConnectorsService = ReturnType<typeof createConnectorsService>;

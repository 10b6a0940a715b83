// Where a refused save belongs: the server's cross-field rules answer stable codes (see
// packages/server/src/domain/sign-in-experience/sign-in-experience.rules.ts) and invalid input
// answers field paths; each is placed next to the field it concerns, in the admin's language.
import { ConsoleApiError } from '../../api/client.ts';
import type { Translator } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { identifierLabel, targetLabel } from './diff.ts';
import { fieldOfIssue, type Config, type FieldErrors, type InvalidReason } from './draft.ts';
import type { ConnectorResponse } from '@signet/schemas';

const reasonKeys: Record<InvalidReason, MessageKey> = {
  color: 'sign-in-experience.invalid.color',
  url: 'errors.invalid_url',
  length: 'sign-in-experience.invalid.length',
  word: 'sign-in-experience.invalid.word',
  css_too_long: 'sign-in-experience.invalid.css_too_long',
  needs_factor: 'sign-in-experience.sign_in.needs_factor',
  invalid: 'errors.invalid_value',
};

export function messagesOf(t: Translator, reasons: Record<string, InvalidReason>): FieldErrors {
  return Object.fromEntries(Object.entries(reasons).map(([field, reason]) => [field, t(reasonKeys[reason])]));
}

const identifierOf = (error: ConsoleApiError) => (error.data as { identifier?: unknown } | undefined)?.identifier;

/** The field errors of a refused save; the form-level message is `t.error(error)`. */
export function serverFieldErrors(t: Translator, error: unknown, draft: Config, connectors: readonly ConnectorResponse[]): FieldErrors {
  if (!(error instanceof ConsoleApiError)) return {};
  const message = t.error(error);
  switch (error.code) {
    case 'guard.invalid_input': {
      const fields: FieldErrors = {};
      for (const path of Object.keys(error.fieldIssues())) {
        const { field, reason } = fieldOfIssue(path.split('.'));
        fields[field] ??= t(reasonKeys[reason]);
      }
      return fields;
    }
    case 'sign_in_experience.invalid_sign_in_method': {
      const identifier = identifierOf(error);
      return { [typeof identifier === 'string' ? `signIn.methods.${identifier}` : 'signIn.methods']: message };
    }
    case 'sign_in_experience.missing_sign_in_method': {
      const identifier = identifierOf(error);
      return {
        'signIn.methods': typeof identifier === 'string' ? t('sign-in-experience.server.missing_sign_in_method', { identifier: identifierLabel(t, identifier) }) : message,
      };
    }
    case 'sign_in_experience.missing_email_connector':
    case 'sign_in_experience.missing_sms_connector': {
      const identifier = error.code.endsWith('email_connector') ? 'email' : 'phone';
      return { [draft.signUp.identifiers.includes(identifier) ? 'signUp.identifiers' : `signIn.methods.${identifier}`]: message };
    }
    case 'sign_in_experience.password_required':
      return { 'signUp.password': message };
    case 'sign_in_experience.unknown_social_target': {
      const target = (error.data as { target?: unknown } | undefined)?.target;
      if (typeof target !== 'string') return { socialSignInConnectorTargets: message };
      return { [`socialSignInConnectorTargets.${target}`]: t('sign-in-experience.server.unknown_social_target', { target: targetLabel(t, connectors, target) }) };
    }
    case 'sign_in_experience.no_way_to_sign_in':
      return { 'signIn.methods': message };
    case 'sign_in_experience.no_way_to_register':
      return { 'signUp.identifiers': message };
    default:
      return {};
  }
}

// "Test": sends a Generic code to an address with the config as it is in the form, unsaved, so the
// admin sees the provider's answer before saving. The provider's own error words are shown.
import { useState } from 'react';
import type { ConnectorType } from '@signet/schemas';
import { api, ConsoleApiError } from '../../api/client.ts';
import { useT } from '../../i18n/i18n.tsx';
import { Button } from '../../components/Button.tsx';
import { TextField } from '../../components/Field.tsx';
import { describeConnectorError } from './connector-text.ts';
import { placeIssues } from './form-model.ts';
import type { ConnectorForm } from './ConfigForm.tsx';

type Outcome = { ok: true; to: string } | { ok: false; summary: string; detail: string | undefined };

export function TestPanel({ factoryId, type, form }: { factoryId: string; type: Exclude<ConnectorType, 'Social'>; form: ConnectorForm }) {
  const t = useT();
  const field = type === 'Email' ? 'email' : 'phone';
  const [to, setTo] = useState('');
  const [toError, setToError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | undefined>();

  const send = async () => {
    setOutcome(undefined);
    const address = to.trim();
    if (!address) {
      setToError(t('errors.required'));
      return;
    }
    const config = form.prepare();
    if (!config) {
      setOutcome({ ok: false, summary: t('connectors.test.fix_fields'), detail: undefined });
      return;
    }
    setBusy(true);
    try {
      await api.post(`/connectors/${encodeURIComponent(factoryId)}/test`, { [field]: address, config, locale: t.locale });
      setOutcome({ ok: true, to: address });
    } catch (error) {
      if (error instanceof ConsoleApiError) {
        const { byField, rest } = placeIssues(error.fieldIssues(), [...form.items.map((item) => item.key), field]);
        if (byField[field]) setToError(byField[field]);
        const { [field]: _address, ...configIssues } = byField;
        if (Object.keys(configIssues).length > 0) form.showServerErrors(configIssues);
        const { summary, detail } = describeConnectorError(t, error);
        setOutcome({ ok: false, summary, detail: detail ?? (rest.length > 0 ? rest.join('; ') : undefined) });
      } else {
        setOutcome({ ok: false, ...describeConnectorError(t, error) });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card connector-test" aria-labelledby="connector-test-title">
      <h2 id="connector-test-title" className="card-title">
        {t('connectors.test.title')}
      </h2>
      <p className="card-description">{type === 'Email' ? t('connectors.test.description_email') : t('connectors.test.description_sms')}</p>
      {/* A <div>, not a nested <form>: the panel may sit inside the config form's own element tree. */}
      <div className="connector-test-row" onKeyDown={(event) => {
          if (event.key !== 'Enter' || (event.target as HTMLElement).tagName !== 'INPUT') return;
          event.preventDefault();
          void send();
        }}
      >
        <TextField
          label={type === 'Email' ? t('connectors.test.email_label') : t('connectors.test.phone_label')}
          name={field}
          type={type === 'Email' ? 'email' : 'tel'}
          autoComplete="off"
          value={to}
          placeholder={type === 'Email' ? 'you@example.com' : '+8613800000000'}
          error={toError}
          onChange={(event) => {
            setTo(event.target.value);
            setToError(undefined);
          }}
        />
        <Button variant="secondary" busy={busy} onClick={() => void send()}>
          {t('connectors.test.send')}
        </Button>
      </div>
      {outcome?.ok && (
        <p role="status" className="connector-test-success">
          {t('connectors.test.sent', { to: outcome.to })}
        </p>
      )}
      {outcome && !outcome.ok && (
        <div role="alert" className="form-error">
          <p className="connector-error-summary">{outcome.summary}</p>
          {outcome.detail && <p className="connector-error-detail">{t('connectors.provider_said', { detail: outcome.detail })}</p>}
        </div>
      )}
    </section>
  );
}

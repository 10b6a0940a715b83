import type { ReactNode } from 'react';
import { errorRegionId, useExperience, type FormError } from '../context.ts';
import type { TermsMode } from '../flow.ts';

/** Splits a translated template on `{name}` and puts a node in each placeholder. */
function fill(template: string, parts: Record<string, ReactNode>): ReactNode[] {
  return template.split(/\{(\w+)\}/).map((piece, index) => (index % 2 === 1 ? <span key={index}>{parts[piece] ?? piece}</span> : piece));
}

interface TermsProps {
  mode: TermsMode;
  agreed: boolean;
  onAgreedChange: (agreed: boolean) => void;
  error: FormError | null;
}

/** The terms sentence or the required checkbox, depending on agreeToTermsPolicy. */
export function Terms({ mode, agreed, onAgreedChange, error }: TermsProps) {
  const { config, t } = useExperience();
  if (mode === 'none') return null;
  const link = (href: string, text: string) => (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {text}
      <span className="visually-hidden"> {t('terms.new_tab')}</span>
    </a>
  );
  const terms = config.termsOfUseUrl ? link(config.termsOfUseUrl, t('terms.terms_of_use')) : null;
  const privacy = config.privacyPolicyUrl ? link(config.privacyPolicyUrl, t('terms.privacy_policy')) : null;
  const both = terms && privacy;
  const text =
    mode === 'sentence'
      ? fill(t(both ? 'terms.sentence_both' : 'terms.sentence_one'), { terms, privacy, link: terms ?? privacy })
      : fill(t(both ? 'terms.checkbox_both' : 'terms.checkbox_one'), { terms, privacy, link: terms ?? privacy });
  if (mode === 'sentence') return <p className="terms">{text}</p>;
  const invalid = error?.field === 'agree';
  return (
    <div className="terms checkbox">
      <input
        id="field-agree"
        type="checkbox"
        name="agree"
        required
        checked={agreed}
        onChange={(event) => onAgreedChange(event.target.checked)}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? errorRegionId : undefined}
      />
      <label htmlFor="field-agree">{text}</label>
    </div>
  );
}

// Renders a guide: the variant switch (Auth.js v5 / Next Auth v4), then numbered steps with prose and
// copyable code.
import { useId } from 'react';
import { useT } from '../../../i18n/i18n.tsx';
import { Markdown } from '../../../components/Markdown.tsx';
import { CopyButton } from '../../../components/Copy.tsx';
import type { CodeSample, Guide, GuideValues } from './types.ts';

export function CodeBlock({ sample }: { sample: CodeSample }) {
  return (
    <figure className="code-block">
      <figcaption className="code-block-header">
        <span className="code-block-label">{sample.label}</span>
        <CopyButton value={sample.code} label={sample.label} />
      </figcaption>
      <pre>
        <code>{sample.code}</code>
      </pre>
    </figure>
  );
}

export function GuideView({ guide, values, variant, onVariant }: { guide: Guide; values: GuideValues; variant: string | undefined; onVariant(id: string): void }) {
  const t = useT();
  const id = useId();
  const current = guide.variants.some((candidate) => candidate.id === variant) ? variant : guide.variants[0]?.id;
  const steps = guide.steps(values, t, current);
  return (
    <div className="guide">
      {guide.variants.length > 1 && (
        <div className="tabs" role="tablist" aria-label={t('applications.guide.variant')}>
          {guide.variants.map((candidate) => (
            <button
              key={candidate.id}
              type="button"
              role="tab"
              id={`${id}-${candidate.id}`}
              className="tab"
              aria-selected={candidate.id === current}
              aria-controls={`${id}-panel`}
              onClick={() => onVariant(candidate.id)}
            >
              {candidate.name}
            </button>
          ))}
        </div>
      )}
      <ol className="guide-steps" id={`${id}-panel`} role={guide.variants.length > 1 ? 'tabpanel' : undefined} aria-labelledby={guide.variants.length > 1 ? `${id}-${current}` : undefined}>
        {steps.map((step) => (
          <li key={step.id} className="guide-step" data-step={step.id}>
            <h3>{step.title}</h3>
            <Markdown source={step.body} />
            {step.code?.map((sample) => (
              <CodeBlock key={sample.label} sample={sample} />
            ))}
          </li>
        ))}
      </ol>
    </div>
  );
}

import { errorRegionId, type FormError } from '../context.ts';

/**
 * The screen's one error region. It is always in the page (empty when there is no error) so that
 * screen readers announce the text the moment it appears.
 */
export function Alert({ error }: { error: FormError | null }) {
  return (
    <div id={errorRegionId} role="alert" className="alert">
      {error && error.message}
      {error?.details && error.details.length > 0 && (
        <ul>
          {error.details.map((detail) => (
            <li key={detail}>{detail}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

import type { ReactNode } from 'react';
import { ExperienceContext } from '../context.ts';
import { logoUrl } from '../branding.ts';
import { useContext } from 'react';

/** The centred card every screen lives in, under the admin's logo. */
export function Card({ heading, children }: { heading: string; children?: ReactNode }) {
  // Also used before the settings could be loaded, hence no useExperience().
  const experience = useContext(ExperienceContext);
  const logo = experience && logoUrl(experience.config, experience.scheme);
  return (
    <main className="card">
      {logo && <img className="logo" src={logo} alt="" />}
      <h1>{heading}</h1>
      {children}
    </main>
  );
}

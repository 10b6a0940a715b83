import { signInExperienceSchema, updateSignInExperienceBodySchema } from '@signet/schemas';
import type { RouteRegistry } from '../../http/route.ts';
import type { SignInExperienceService } from '../../domain/sign-in-experience/sign-in-experience.service.ts';

export function signInExperienceRoutes(routes: RouteRegistry, signInExperience: SignInExperienceService): void {
  const tag = 'Sign-in experience';

  routes.add(
    { method: 'get', path: '/sign-in-exp', tag, summary: 'The sign-in experience', response: signInExperienceSchema },
    () => signInExperience.get(),
  );

  routes.add(
    {
      method: 'patch',
      path: '/sign-in-exp',
      tag,
      summary: 'Change top-level fields of the sign-in experience; the result is checked against the connectors set up',
      body: updateSignInExperienceBodySchema,
      response: signInExperienceSchema,
    },
    ({ body }) => signInExperience.update(body),
  );
}

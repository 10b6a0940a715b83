// Machine-to-machine: no user, no redirect URI; the app asks the token endpoint for a token with the
// client_credentials grant, and calls an API with it (here Signet's own Management API).
import { codeSpan, type Guide } from './types.ts';

export const machineToMachineGuide: Guide = {
  variants: [],
  steps(values, t) {
    const resource = `${values.origin}/api`;
    return [
      {
        id: 'token',
        title: t('applications.guide.m2m.token_title'),
        body: t('applications.guide.m2m.token_body', { grant: codeSpan('client_credentials'), resource: codeSpan(resource) }),
        code: [
          {
            label: 'curl',
            code: `curl -X POST '${values.issuer}/token' \\
  -u '${values.appId}:${values.appSecret ?? '<app-secret>'}' \\
  -d 'grant_type=client_credentials' \\
  -d 'resource=${resource}' \\
  -d 'scope=all'
`,
          },
        ],
      },
      {
        id: 'call',
        title: t('applications.guide.m2m.call_title'),
        body: t('applications.guide.m2m.call_body'),
        code: [{ label: 'curl', code: `curl '${resource}/applications' \\\n  -H 'Authorization: Bearer <access_token>'\n` }],
      },
      {
        id: 'secret',
        title: t('applications.guide.m2m.secret_title'),
        body: t('applications.guide.m2m.secret_body'),
      },
    ];
  },
};

// Every area's messages, merged. Adding an area: import its messages here and add it to `areas`.
import { commonMessages } from './common.messages.ts';
import { getStartedMessages } from '../pages/get-started/messages.ts';
import { applicationsMessages } from '../pages/applications/messages.ts';
import { connectorsMessages } from '../pages/connectors/messages.ts';
import { signInExperienceMessages } from '../pages/sign-in-experience/messages.ts';
import { usersMessages } from '../pages/users/messages.ts';
import { dashboardMessages } from '../pages/dashboard/messages.ts';
import { adminsMessages } from '../pages/admins/messages.ts';
import type { ConsoleLocale } from './define.ts';

export const areas = {
  common: commonMessages,
  getStarted: getStartedMessages,
  applications: applicationsMessages,
  connectors: connectorsMessages,
  signInExperience: signInExperienceMessages,
  users: usersMessages,
  dashboard: dashboardMessages,
  admins: adminsMessages,
};

type AreaKeys<A> = A extends Record<'en', infer E> ? keyof E & string : never;
export type MessageKey = { [Area in keyof typeof areas]: AreaKeys<(typeof areas)[Area]> }[keyof typeof areas];

export function dictionaryFor(locale: ConsoleLocale): Record<string, string> {
  return Object.assign({}, ...Object.values(areas).map((area) => area[locale]));
}

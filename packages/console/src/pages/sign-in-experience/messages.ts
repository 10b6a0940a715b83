import { defineMessages } from '../../i18n/define.ts';

/** Keys start with 'sign-in-experience.' so areas never collide (checked by i18n.test.ts). */
export const signInExperienceMessages = defineMessages(
  {
    'sign-in-experience.title': 'TODO',
  },
  {
    es: { 'sign-in-experience.title': 'TODO' },
    fr: { 'sign-in-experience.title': 'TODO' },
    'zh-CN': { 'sign-in-experience.title': 'TODO' },
  },
);
